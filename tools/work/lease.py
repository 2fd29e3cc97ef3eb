"""A model's lease held for the length of some work, and what is cleaned up after a holder that died.

`held(...)` is the one way work takes a model's lease (every tool that changes a model, wherever it runs): it
takes the lease (over from a dead owner if need be), beats while the body runs, and releases it. Taking over a
dead owner's lease settles what it left half-done: its orphaned MLflow runs end FAILED, the interrupted attempt is
audited, approvals it claimed are made to agree with the registry, its job is closed, and whoever registered
`Context.on_takeover` is told (the Slack app turns the dead job's "Working…" message into "Interrupted").

Why approvals need settling: an approved deploy claims its approval, moves the alias, records the move, audits and
finishes the approval, all under the model's lease; a crash between the alias move and the finish leaves
production moved and the approval "approved" for ever. The registry is the truth about production: moved → the
missing history tag and audit row are written and the approval is done; not moved → the approval failed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from tools.context import Context
from tools.errors import Busy
from tools.state.leases import HEARTBEAT_EVERY, STALE_AFTER, Lease, LeaseHeld
from tools.state.records import MODEL_LEASE, LeaseInfo, model_lease

log = logging.getLogger("mlops.leases")
SYSTEM = "mlops-bot"  # the holder name of recovery at start
_MOVES = ("deploy", "rollback")
_CLOCK_SLACK = timedelta(seconds=5)


@contextmanager
def held(ctx: Context, model: str, *, holder: str, purpose: str, stale_after: timedelta = STALE_AFTER,
         beat_every: timedelta = HEARTBEAT_EVERY) -> Iterator[Lease]:
    """Hold `model`'s lease while the block runs; Busy names the live holder."""
    try:
        lease = ctx.state.take(model_lease(model), holder=holder, purpose=purpose, ttl=stale_after)
    except LeaseHeld as exc:
        current = exc.current
        if current is None:
            raise Busy(f"Model {model} is busy: another action just took it. Try again in a moment.") from None
        raise Busy(f"Model {model} is busy: {current.purpose} by {current.holder} since "
                   f"{current.acquired_at:%H:%M:%S} UTC. Try again when it finishes.") from None
    if lease.took_over is not None:
        recover(ctx, lease.took_over, reason=lease.reason or "its owner is gone", by=holder)
    beat = Heartbeat(ctx, lease, every=beat_every, stale_after=stale_after)
    beat.start()
    try:
        yield lease
    finally:
        beat.stop()
        ctx.state.release(lease.name, lease.token)


def recover(ctx: Context, dead: LeaseInfo, *, reason: str, by: str) -> list[str]:
    """Clean up after a holder that died: its runs end FAILED, its attempt is audited, its notice updated."""
    model = dead.model or dead.name
    why = f"{dead.purpose} by {dead.holder} was interrupted: {reason}; lock taken over by {by}"
    log.warning("model %s: %s", model, why)
    runs: list[str] = []
    try:
        runs = ctx.registry.fail_orphan_runs(model, started_after=dead.acquired_at, reason=why)
    except Exception:  # MLflow may be down; the lease is still ours and the audit row still says what happened
        log.exception("could not end the orphaned runs of %s", model)
    message = why + (f"; MLflow run {', '.join(r[:12] for r in runs)} marked FAILED" if runs else "")
    ctx.state.audit(actor=dead.holder, surface="recovery", tool=dead.purpose, model=model,
                    args={"lock": dead.token, "since": dead.acquired_at.isoformat()}, outcome="failed",
                    message=message)
    try:
        settled = settle_approvals(ctx, dead)
    except Exception:  # MLflow down: the approval stays in flight and the next takeover or start settles it
        log.exception("could not settle the approvals %s left on %s", dead.purpose, model)
    else:
        if settled:
            log.warning("model %s: %s", model, "; ".join(settled))
    dead = job_notice(ctx, dead, why)
    if ctx.on_takeover is not None:
        try:
            ctx.on_takeover(dead, message)
        except Exception:  # a stale Slack message must not stop the work that found it
            log.exception("could not update the notice of the interrupted %s on %s", dead.purpose, model)
    return runs


def recover_stale(ctx: Context, *, model: str | None = None) -> int:
    """At start (or before a command on `model`): take over and release every model lease whose owner is gone,
    settling what it left half-done. The number of leases recovered."""
    count = 0
    for dead in ctx.state.stale_leases(prefix=MODEL_LEASE):
        if dead.model is None or (model is not None and dead.model != model):
            continue
        try:
            with held(ctx, dead.model, holder=SYSTEM, purpose="recovery"):
                count += 1
        except Exception:  # Busy (a live process got there first) or an outage: the next start tries again
            log.info("lease of %s not recovered at start", dead.model, exc_info=True)
    return count


class Heartbeat:
    """A daemon thread renewing the lease every few seconds, so long work keeps it and dead work loses it."""

    def __init__(self, ctx: Context, lease: Lease, *, every: timedelta, stale_after: timedelta) -> None:
        self.ctx, self.lease = ctx, lease
        self.every, self.stale_after = every.total_seconds(), stale_after
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"mlops-heartbeat-{lease.name}")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                if not self.ctx.state.renew(self.lease.name, self.lease.token, ttl=self.stale_after):
                    log.warning("lease %s is no longer ours (released by an admin?)", self.lease.name)
                    return
            except Exception:  # a busy or briefly unreachable database: beat again next time
                log.warning("heartbeat of %s failed", self.lease.name, exc_info=True)


def settle_approvals(ctx: Context, dead: LeaseInfo) -> list[str]:
    """Make every approval the dead holder left in flight agree with the registry; what was said of each."""
    said: list[str] = []
    for approval in ctx.state.in_flight(model=dead.model or ""):
        # Only what this holder claimed: the same tool, claimed after it took the lease. (A tool that takes no
        # lease claims its approval without one; a live process may be carrying that out right now.)
        claimed_at = approval.decided_at or approval.created_at
        if approval.tool != dead.purpose or claimed_at < dead.acquired_at - _CLOCK_SLACK:
            continue
        plan = approval.plan or {}
        if approval.tool not in _MOVES or "to_version" not in plan:
            outcome = f"Interrupted ({dead.purpose} by {dead.holder} stopped); check status before asking again."
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


def job_notice(ctx: Context, dead: LeaseInfo, why: str) -> LeaseInfo:
    """The dead holder's lease with its job's "Working…" message (channel, ts, text) filled in, and that job
    closed as failed. A worker names its job on the lease when the work starts; the process that posted the
    message attaches it to the job row once posted, which may be later, so the job row is read now."""
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
