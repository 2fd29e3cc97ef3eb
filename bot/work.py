"""The work a slash command or a mention sets off, run on our pool after the ack: dispatch, then post."""

from __future__ import annotations

import logging
import time

from bot.post import ephemeral, post, update
from bot.render.message import Message
from bot.render.results import render_outcome
from bot.runtime import Runtime
from tools.access import Caller
from tools.dispatch import dispatch
from tools.parse import ToolCall
from tools.registry import all_tools

log = logging.getLogger("mlops.slack")
PROGRESS_EVERY_S = 2.0  # Slack rate-limits chat.update to about one a second per channel


def run_call(rt: Runtime, call: ToolCall, *, text: str, channel: str, user: str, thread_ts: str | None = None) -> None:
    """Run one tool call for a Slack user and post what came of it; never raises into the pool."""
    try:
        _run(rt, call, text=text, channel=channel, user=user, thread_ts=thread_ts)
    except Exception:  # Slack API trouble after the work: logged, and the user hears something went wrong
        log.exception("posting the result of %r failed", text)
        try:
            rt.web.chat_postEphemeral(channel=channel, user=user, text=f"Something went wrong running `{text}`.")
        except Exception:  # the channel itself may be unreachable; the log has it
            log.exception("could not tell %s either", user)


def _run(rt: Runtime, call: ToolCall, *, text: str, channel: str, user: str, thread_ts: str | None) -> None:
    tool = all_tools()[call.tool]
    started = f":hourglass_flowing_sand: <@{user}> ran `{text}`"
    progress_ts = post(rt.web, channel, Message(title=f"Working: {text}", summary=started + "…"), thread_ts=thread_ts) if tool.slow else None
    last = [0.0]

    def progress(line: str) -> None:
        if progress_ts and time.monotonic() - last[0] >= PROGRESS_EVERY_S:
            last[0] = time.monotonic()
            update(rt.web, channel, progress_ts, Message(title=f"Working: {text}", summary=f"{started}\n… {line}"))

    outcome = dispatch(rt.ctx, call.tool, call.args, Caller(user_id=user, surface="slack", channel=channel),
                       progress=progress if progress_ts else None)
    message = render_outcome(outcome)
    if outcome.status in ("refused", "failed"):
        if progress_ts:
            rt.web.chat_delete(channel=channel, ts=progress_ts)
        ephemeral(rt.web, channel, user, message, thread_ts=thread_ts)
    elif outcome.status == "needs_approval" and outcome.approval is not None:
        if progress_ts:
            rt.web.chat_delete(channel=channel, ts=progress_ts)
        ts = post(rt.web, channel, message, thread_ts=thread_ts)
        if ts:
            rt.ctx.state.attach_message(outcome.approval.approval_id, channel=channel, message_ts=ts)
    elif progress_ts:
        message.context.append(f"requested by <@{user}>: `{text}`")
        update(rt.web, channel, progress_ts, message)
    else:
        post(rt.web, channel, message, thread_ts=thread_ts)
