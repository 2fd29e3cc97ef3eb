"""Mentions and DMs: answered in a thread; a retried delivery (same event_id) is never acted on twice."""

from __future__ import annotations

import re
from typing import Any

from bot.post import post
from bot.render.results import render_outcome
from bot.runtime import Runtime
from bot.work import run_call
from pipelines.errors import UserError
from tools.access import Caller
from tools.dispatch import dispatch
from tools.parse import parse

_MENTION = re.compile(r"<@[A-Z0-9]+>")


def register(app: Any, rt: Runtime) -> None:
    @app.event("app_mention")
    async def mention(body: dict[str, Any], event: dict[str, Any]) -> None:
        rt.submit(answer, rt, body.get("event_id", ""), event)

    @app.event("message")
    async def direct_message(body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("channel_type") == "im" and not event.get("bot_id") and not event.get("subtype"):
            rt.submit(answer, rt, body.get("event_id", ""), event)


def answer(rt: Runtime, event_id: str, event: dict[str, Any]) -> None:
    if event_id and not rt.ctx.state.first_sighting(event_id):
        return
    text = _MENTION.sub("", event.get("text") or "").strip()
    channel, user = event["channel"], event.get("user", "")
    thread = event.get("thread_ts") or event["ts"]
    try:
        call = parse(text) if text else None
    except UserError:
        call = None
    if call is not None and call.tool != "help":
        # Until the agent takes plain words, a message that reads as a command runs as one.
        run_call(rt, call, text=text, channel=channel, user=user, thread_ts=thread)
        return
    outcome = dispatch(rt.ctx, "help", {}, Caller(user_id=user, surface="slack"))
    message = render_outcome(outcome)
    message.summary = "I don't understand plain words yet; these commands work here or as `/mlops …`. " + message.summary
    post(rt.web, channel, message, thread_ts=thread)
