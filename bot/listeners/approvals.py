"""Approve / Cancel buttons: the click carries an approval id; dispatch decides whether it counts."""

from __future__ import annotations

import logging
from typing import Any

from bot.post import ephemeral, update
from bot.render.escape import md, mention
from bot.render.message import Message
from bot.render.results import APPROVE_ACTION, CANCEL_ACTION, render_outcome
from bot.runtime import Runtime
from bot.task import Submitter
from bot.work import execute
from pipelines.errors import UserError
from tools.access import Caller
from tools.dispatch import Outcome, cancel, confirm

log = logging.getLogger("mlops.slack")


def register(app: Any, work: Submitter) -> None:
    @app.action(APPROVE_ACTION)
    async def approve(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        work.submit(decide, body, True)

    @app.action(CANCEL_ACTION)
    async def cancel_click(ack: Any, body: dict[str, Any]) -> None:
        await ack()
        work.submit(decide, body, False)

    @app.action("mlops_open_mlflow")
    async def open_link(ack: Any) -> None:
        await ack()  # a link button: Slack opens the URL, we only acknowledge


def decide(rt: Runtime, body: dict[str, Any], approved: bool) -> None:
    user = body["user"]["id"]
    approval_id = body["actions"][0]["value"]
    channel = (body.get("channel") or {}).get("id") or body["container"]["channel_id"]
    ts = body["container"]["message_ts"]
    caller = Caller(user_id=user, surface="slack")
    outcome = _approve(rt, approval_id, caller) if approved else cancel(rt.ctx, approval_id, caller)
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


def _approve(rt: Runtime, approval_id: str, caller: Caller) -> Outcome:
    """Carry the approval out as a job on the executor (the move and its checks run in the worker)."""
    try:
        approval = rt.ctx.state.approval(approval_id)
    except UserError:  # unknown id: confirm says so, without a job
        return confirm(rt.ctx, approval_id, caller)
    return execute(rt, approval.tool, approval.args, caller, kind="confirm", approval_id=approval_id,
                   model=approval.model)


def _status(rt: Runtime, approval_id: str) -> str | None:
    try:
        return rt.ctx.state.approval(approval_id).status
    except Exception:  # unknown id: treated like a stranger's click
        return None
