"""What a holder that died left half-done, settled by whoever takes its lock over (tools/locking.recover).

An approved deploy or rollback claims its approval, moves the alias, records the move, audits and finishes the
approval, all under the model's lock; a crash between the alias move and the finish leaves production moved and
the approval "approved" for ever. The registry is the truth about production, so the approval is made to agree
with it: moved → the missing history tag and audit row are written and the approval is done; not moved → the
approval failed and nothing changed. A job's "Working…" message is found through the job the lock names.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from tools.context import Context
from tools.state.locks import LockInfo

log = logging.getLogger("mlops.locks")
_MOVES = ("deploy", "rollback")
_CLOCK_SLACK = timedelta(seconds=5)


def settle_approvals(ctx: Context, dead: LockInfo) -> list[str]:
    """Make every approval the dead holder left in flight agree with the registry; what was said of each."""
    said: list[str] = []
    for approval in ctx.state.in_flight(model=dead.model):
        # Only what this holder claimed: the same tool, claimed after it took the lock. (A tool that takes no
        # lock claims its approval without one; a live process may be carrying that out right now.)
        claimed_at = approval.decided_at or approval.created_at
        if approval.tool != dead.tool or claimed_at < dead.acquired_at - _CLOCK_SLACK:
            continue
        plan = approval.plan or {}
        if approval.tool not in _MOVES or "to_version" not in plan:
            outcome = f"Interrupted ({dead.tool} by {dead.holder} stopped); check status before asking again."
            if ctx.state.settle(approval.id, status="failed", outcome=outcome):
                said.append(f"approval {approval.id}: failed")
            continue
        said.append(_settle_move(ctx, approval, plan))
    return said


def _settle_move(ctx: Context, approval: Any, plan: dict[str, Any]) -> str:
    from pipelines.registry import PRODUCTION, AliasEvent

    model, action = approval.model, plan.get("action", approval.tool)
    to, was = plan["to_version"], plan.get("from_version")
    current = ctx.registry.alias_version(model, PRODUCTION)
    args = {**approval.args, "approval": approval.id}
    if current == to and current != was:
        decided = approval.decided_at or approval.created_at
        recorded = any(e.to_version == to and e.from_version == was and e.at >= decided - _CLOCK_SLACK
                       for e in ctx.registry.events(model))
        if not recorded:  # the crash came before the history tag: write it, so history and rollback know
            ctx.registry.record_event(model, AliasEvent(
                action=action, from_version=was, to_version=to, by=approval.decided_by or "unknown",
                at=datetime.now(UTC), reason=plan.get("reason")))
        outcome = (f"Production of {model} was moved to v{to} just before the process stopped; the move stands "
                   "and was recorded on recovery.")
        if ctx.state.settle(approval.id, status="done", outcome=outcome):
            ctx.state.audit(actor=approval.decided_by or "unknown", surface="recovery", tool=approval.tool,
                            model=model, args=args, outcome="ok", message=outcome, from_version=was, to_version=to,
                            approval_id=approval.id, requested_by=approval.requested_by)
        return f"approval {approval.id}: done (production is v{to})"
    outcome = (f"The process stopped before production of {model} moved (it is "
               f"{'v' + str(current) if current is not None else 'unset'}); nothing was changed. Ask again.")
    if ctx.state.settle(approval.id, status="failed", outcome=outcome):
        ctx.state.audit(actor=approval.decided_by or "unknown", surface="recovery", tool=approval.tool, model=model,
                        args=args, outcome="failed", message=outcome, approval_id=approval.id,
                        requested_by=approval.requested_by)
    return f"approval {approval.id}: failed (production not moved)"


def job_notice(ctx: Context, dead: LockInfo, why: str) -> LockInfo:
    """The dead holder's lock with its job's "Working…" message (channel, ts, text) filled in, and that job
    closed as failed. A worker names its job on the lock when the work starts; the web process attaches the
    message to the job row once posted, which may be later, so the job row is read now."""
    from pipelines.errors import UserError

    notice = dict(dead.notice or {})
    job_id = notice.get("job")
    if not job_id:
        return dead
    try:
        job = ctx.state.job(job_id)
    except UserError:  # the job row is gone (pruned): the notice has nothing more to say
        return dead
    ctx.state.finish_job(job_id, status="failed", message=f"Interrupted: {why}. Nothing more will happen; run it "
                                                          "again if needed.")
    if job.channel and job.message_ts:
        notice.update(channel=job.channel, ts=job.message_ts, text=job.text or job.tool)
    return dead.model_copy(update={"notice": notice})
