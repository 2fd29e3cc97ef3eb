"""Holding a model's lock for the length of some work: heartbeat while it runs, clean up after a dead holder.

`held(...)` is the one way work takes a model's lock (dispatch, and any executor that runs tool work): it takes
the lock (over from a dead owner if need be), beats while the body runs, and releases it. Taking over a dead
owner's lock ends that owner's orphaned MLflow runs as FAILED, audits the interrupted attempt and tells whoever
registered `Context.on_takeover` (the Slack app updates the dead job's "Working…" message).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from tools.context import Context
from tools.interrupted import job_notice, settle_approvals
from tools.state.locks import HEARTBEAT_EVERY, STALE_AFTER, Lease, LockInfo

log = logging.getLogger("mlops.locks")
SYSTEM = "mlops-bot"


@contextmanager
def held(ctx: Context, model: str, *, holder: str, tool: str, stale_after: timedelta = STALE_AFTER,
         beat_every: timedelta = HEARTBEAT_EVERY) -> Iterator[Lease]:
    lease = ctx.state.take(model, holder=holder, tool=tool, stale_after=stale_after)
    if lease.took_over is not None:
        recover(ctx, lease.took_over, reason=lease.reason or "its owner is gone", by=holder)
    beat = Heartbeat(ctx, lease, every=beat_every, stale_after=stale_after)
    beat.start()
    try:
        yield lease
    finally:
        beat.stop()
        ctx.state.release(model, lease.token)


def recover(ctx: Context, dead: LockInfo, *, reason: str, by: str) -> list[str]:
    """Clean up after a holder that died: its runs end FAILED, its attempt is audited, its notice updated."""
    why = f"{dead.tool} by {dead.holder} was interrupted: {reason}; lock taken over by {by}"
    log.warning("model %s: %s", dead.model, why)
    runs: list[str] = []
    try:
        runs = ctx.registry.fail_orphan_runs(dead.model, started_after=dead.acquired_at, reason=why)
    except Exception:  # MLflow may be down; the lock is still ours and the audit row still says what happened
        log.exception("could not end the orphaned runs of %s", dead.model)
    message = why + (f"; MLflow run {', '.join(r[:12] for r in runs)} marked FAILED" if runs else "")
    ctx.state.audit(actor=dead.holder, surface="recovery", tool=dead.tool, model=dead.model,
                    args={"lock": dead.token, "since": dead.acquired_at.isoformat()}, outcome="failed",
                    message=message)
    try:
        settled = settle_approvals(ctx, dead)
    except Exception:  # MLflow down: the approval stays in flight and the next takeover or start settles it
        log.exception("could not settle the approvals %s left on %s", dead.tool, dead.model)
    else:
        if settled:
            log.warning("model %s: %s", dead.model, "; ".join(settled))
    dead = job_notice(ctx, dead, why)
    if ctx.on_takeover is not None:
        try:
            ctx.on_takeover(dead, message)
        except Exception:  # a stale Slack message must not stop the work that found it
            log.exception("could not update the notice of the interrupted %s on %s", dead.tool, dead.model)
    return runs


def recover_stale(ctx: Context, *, model: str | None = None) -> int:
    """At start (or before a command on `model`): take over and release every lock whose owner is gone, settling
    what it left half-done. The number of locks recovered."""
    count = 0
    for dead in ctx.state.stale_locks():
        if model is not None and dead.model != model:
            continue
        try:
            with held(ctx, dead.model, holder=SYSTEM, tool="recovery"):
                count += 1
        except Exception:  # Busy (a live process got there first) or an outage: the next start tries again
            log.info("lock of %s not recovered at start", dead.model, exc_info=True)
    return count


class Heartbeat:
    """A daemon thread refreshing the lock every few seconds, so long work keeps it and dead work loses it."""

    def __init__(self, ctx: Context, lease: Lease, *, every: timedelta, stale_after: timedelta) -> None:
        self.ctx, self.lease = ctx, lease
        self.every, self.stale_after = every.total_seconds(), stale_after
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name=f"mlops-heartbeat-{lease.model}")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                if not self.ctx.state.heartbeat(self.lease.model, self.lease.token, stale_after=self.stale_after):
                    log.warning("lock of %s is no longer ours (released by an admin?)", self.lease.model)
                    return
            except Exception:  # a busy or briefly unreachable database: beat again next time
                log.warning("heartbeat of %s failed", self.lease.model, exc_info=True)
