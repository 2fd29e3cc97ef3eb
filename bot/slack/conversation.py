"""A mention or DM answered by the agent in its thread: status while it works, the answer, then each result.

The thread is the conversation: its messages are read from and written to the state DB, so memory survives a
restart. Mutating calls come back from dispatch as approvals and are posted as the same Approve / Cancel
message a slash command gets, linked to the thread so the decision is remembered there too.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from bot.slack.post import ephemeral, post, update
from bot.slack.render import render_outcome
from bot.slack.render.escape import escape, md, mention
from bot.slack.render.message import Message
from bot.slack.runtime import SlackRuntime
from tools.access import Caller
from tools.catalog import all_tools
from tools.errors import failure
from tools.parse import ToolCall

log = logging.getLogger("mlops.slack")
_MENTION = re.compile(r"<@[A-Z0-9]+>")
STATUS_EVERY_S = 1.0  # chat.update is rate-limited to about one a second per channel


def answer(rt: SlackRuntime, event_id: str, event: dict[str, Any]) -> None:
    """Answer one mention or DM; never raises into the pool, and a retried delivery is answered once."""
    if event_id and not rt.ctx.state.first_sighting(event_id):
        return
    channel, user = event["channel"], event.get("user", "")
    thread = event.get("thread_ts") or event["ts"]
    try:
        _answer(rt, _MENTION.sub("", event.get("text") or "").strip(), channel=channel, user=user, thread=thread)
    except Exception as exc:  # Slack or the state DB failing after the ack: logged; the person hears something broke
        told = failure(exc, log=log, doing=f"answering a mention in {channel}")
        try:
            rt.web.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=escape(told.message))
        except Exception:
            log.exception("could not tell %s either", user)


def _answer(rt: SlackRuntime, text: str, *, channel: str, user: str, thread: str,
            plan_approved: bool = False) -> None:
    from bot.slack import plans
    from tools.agent.memory import slack_thread
    from tools.agent.run import run_turn

    key = slack_thread(channel, thread)
    if not plan_approved:  # several steps: the person sees the plan and runs it, or not
        planned = run_turn(rt.ctx, Caller(user_id=user, surface="slack", channel=channel), text or "help",
                           history=rt.ctx.state.recall(key), dry_run=True)
        if len(planned.calls) > 1:
            plans.offer(rt, planned.calls, text=text, channel=channel, user=user, thread=thread)
            return
    status_ts = post(rt.web, channel, _status(user, "is thinking…"), thread_ts=thread)
    last = [0.0]

    def on_call(call: ToolCall) -> None:
        if status_ts and time.monotonic() - last[0] >= STATUS_EVERY_S:
            last[0] = time.monotonic()
            model = call.args.get("model")
            tool = all_tools().get(call.tool)
            doing = (tool.doing or tool.name) if tool else call.tool
            what = f"{doing}{' ' + str(model) if isinstance(model, str) else ''}…"
            update(rt.web, channel, status_ts, _status(user, what))

    reply = run_turn(rt.ctx, Caller(user_id=user, surface="slack", channel=channel), text or "help",
                     history=rt.ctx.state.recall(key), on_call=on_call, executor=rt.executor,
                     plan_approved=plan_approved)
    rt.ctx.state.remember(key, reply.messages)
    said = Message(title="mlops", summary=reply.text, context=[md("asked by {}", mention(user))])
    if status_ts:
        update(rt.web, channel, status_ts, said)
    else:
        post(rt.web, channel, said, thread_ts=thread)
    for outcome in reply.outcomes:
        message = render_outcome(outcome)
        if outcome.status == "needs_approval" and outcome.approval is not None:
            ts = post(rt.web, channel, message, thread_ts=thread)
            rt.ctx.state.link_approval(outcome.approval.approval_id, key)
            if ts:
                rt.ctx.state.attach_message(outcome.approval.approval_id, channel=channel, message_ts=ts)
        elif outcome.status in ("refused", "failed"):
            ephemeral(rt.web, channel, user, message, thread_ts=thread)
        else:
            post(rt.web, channel, message, thread_ts=thread)


def run_approved_plan(rt: SlackRuntime, text: str, *, channel: str, user: str, thread: str) -> None:
    """The request behind a plan someone clicked Run on, carried out as them in its thread."""
    try:
        _answer(rt, text, channel=channel, user=user, thread=thread, plan_approved=True)
    except Exception as exc:  # as in answer(): the person hears something broke, the log has the details
        told = failure(exc, log=log, doing=f"running a plan in {channel}")
        rt.web.chat_postEphemeral(channel=channel, user=user, thread_ts=thread, text=escape(told.message))


def _status(user: str, doing: str) -> Message:
    return Message(title="mlops", summary=md(":hourglass_flowing_sand: {}: {}", mention(user), doing))
