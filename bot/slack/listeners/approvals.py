"""Approve / Cancel buttons: the click carries an approval id; dispatch decides whether it counts."""

from __future__ import annotations

import logging
from typing import Any

from bot.slack import actions
from bot.slack.post import ephemeral, update
from bot.slack.render import render_outcome
from bot.slack.render.escape import md, mention
from bot.slack.render.message import Message
from bot.slack.runtime import SlackRuntime
from tools.access import Caller
from tools.dispatch import cancel, confirm
from tools.work.queue import Submitter

log = logging.getLogger("mlops.slack")


def register(app: Any, work: Submitter) -> None:
    @app.action(actions.APPROVE)
    async def approve(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        work.submit(decide, body, True)

    @app.action(actions.CANCEL)
    async def cancel_click(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        work.submit(decide, body, False)

    @app.action(actions.OPEN_MLFLOW)
    async def open_link(ack: Any) -> None:
        await ack()  # a link button: Slack opens the URL, we only acknowledge


def decide(rt: SlackRuntime, body: dict[str, Any], approved: bool) -> None:
    user = body["user"]["id"]
    approval_id = body["actions"][0]["value"]
    channel = (body.get("channel") or {}).get("id") or body["container"]["channel_id"]
    ts = body["container"]["message_ts"]
    caller = Caller(user_id=user, surface="slack")
    # The move and its checks run on the executor, as a slash command's work does.
    outcome = (confirm(rt.ctx, approval_id, caller, executor=rt.executor) if approved
               else cancel(rt.ctx, approval_id, caller))
    status = _status(rt, approval_id)
    if status in ("done", "failed", "cancelled") and outcome.status != "refused":  # a thread that asked the agent remembers it
        from tools.agent.memory import note_decision

        note_decision(rt.ctx, approval_id, outcome, approved=approved, by=user)
    if outcome.status in ("refused", "failed") and status in ("pending", None, "approved", "done", "cancelled"):
        # A stranger's click, a double click or an unknown id: only the clicker hears, the message stays.
        # "approved": another click (maybe on another replica) is carrying it out; its result updates the message.
        ephemeral(rt.web, channel, user, render_outcome(outcome))
        return
    if status == "expired":
        update(rt.web, channel, ts, Message(title="Approval expired", summary=f":hourglass: {outcome.message}"))
        return
    if not approved:
        update(rt.web, channel, ts, Message(title="Cancelled", summary=md(":no_entry_sign: Cancelled by {}; nothing was changed.",
                                                                  mention(user))))
        return
    message = render_outcome(outcome)
    message.ephemeral = False
    message.context.append(md("approved by {}", mention(user)))
    update(rt.web, channel, ts, message)


def _status(rt: SlackRuntime, approval_id: str) -> str | None:
    try:
        return rt.ctx.state.approval(approval_id).status
    except Exception:  # unknown id: treated like a stranger's click
        return None
