"""Putting rendered Messages into Slack: post, update in place, ephemeral, chart uploads."""

from __future__ import annotations

import logging
from typing import Any

from bot.slack.render.message import Message

log = logging.getLogger("mlops.slack")


def post(web: Any, channel: str, message: Message, *, thread_ts: str | None = None) -> str | None:
    response = web.chat_postMessage(channel=channel, text=message.fallback(), blocks=message.to_blocks(),
                                    thread_ts=thread_ts, unfurl_links=False)
    upload_images(web, channel, message, thread_ts=thread_ts or response.get("ts"))
    return response.get("ts")


def update(web: Any, channel: str, ts: str, message: Message) -> None:
    web.chat_update(channel=channel, ts=ts, text=message.fallback(), blocks=message.to_blocks())
    upload_images(web, channel, message, thread_ts=ts)


def ephemeral(web: Any, channel: str, user: str, message: Message, *, thread_ts: str | None = None) -> None:
    web.chat_postEphemeral(channel=channel, user=user, text=message.fallback(), blocks=message.to_blocks(),
                           thread_ts=thread_ts)


def upload_images(web: Any, channel: str, message: Message, *, thread_ts: str | None) -> None:
    for image in message.images:
        try:
            web.files_upload_v2(channel=channel, file=str(image), filename=image.name, title=message.title,
                                thread_ts=thread_ts)
        except Exception:  # a missing chart must not lose the result already posted
            log.exception("could not upload %s", image)


def post_in_channel(web: Any, channel: str, message: Message) -> tuple[str | None, str]:
    """Post at the top of a channel given by id or #name; (ts, channel id): Slack answers a #name with the id
    that chat.update needs."""
    response = web.chat_postMessage(channel=channel, text=message.fallback(), blocks=message.to_blocks(),
                                    unfurl_links=False)
    ts, channel_id = response.get("ts"), response.get("channel") or channel
    upload_images(web, channel_id, message, thread_ts=ts)
    return ts, channel_id
