"""The web side of a job: record it, hand it to the executor, follow its row to the outcome.

Nothing heavy happens here: a row write, a submit, then a cheap poll of the row for progress until the worker
(or, when the worker died, this side) closes it. A restarted web process follows an adopted job the same way.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Literal

from tools.access import Caller
from tools.context import Context
from tools.dispatch import ApprovalRequest, Outcome
from tools.executor import Executor
from tools.registry import all_tools
from tools.state.jobs import Job
from tools.worker import WORKER_DIED, request_for

log = logging.getLogger("mlops.jobs")
# How often an adopted job's lock is checked for a dead worker (the lock's own stale limit decides).
RECOVER_EVERY_S = 15.0
POLL_S = 0.25

# How callers other than the listeners (alert buttons, the scheduler's checks and retraining) run a tool call or
# carry out an approval: `dispatch`/`confirm` in this process by default; an app passes its executor's path.
Run = Callable[[str, dict[str, Any], Caller], Outcome]
Confirm = Callable[[ApprovalRequest, Caller], Outcome]


def owner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def submit(ctx: Context, executor: Executor, *, kind: Literal["dispatch", "confirm"], tool: str, args: dict[str, Any],
           caller: Caller, approval_id: str | None = None, text: str | None = None, channel: str | None = None,
           thread_ts: str | None = None, model: str | None = None) -> tuple[Job, Future[str]]:
    job = ctx.state.create_job(kind=kind, tool=tool, model=model if model is not None else args.get("model"),
                               args=args, user_id=caller.user_id, surface=caller.surface, backend=executor.backend,
                               owner=owner_name(), approval_id=approval_id, text=text, channel=channel,
                               thread_ts=thread_ts)
    request = request_for(ctx, job_id=job.id, kind=kind, tool=tool, args=args, caller=caller, approval_id=approval_id)
    return job, executor.submit(request)


def follow(ctx: Context, job_id: str, handle: Future[str] | None, *,
           on_progress: Callable[[str], None] | None = None) -> Outcome:
    """Wait for the job's row to close, passing each new progress line on; `handle` is None for an adopted job."""
    seen: str | None = None
    checked = time.monotonic()
    while True:
        finished = _wait(handle)
        job = ctx.state.job(job_id)
        if handle is None and job.active and job.model and time.monotonic() - checked >= RECOVER_EVERY_S:
            # Adopted: no task handle tells us its worker died. The job's lock does: a worker that stopped
            # beating is taken over, which closes this row as failed (tools/interrupted.job_notice).
            checked = time.monotonic()
            from tools.locking import recover_stale

            if recover_stale(ctx, model=job.model):
                job = ctx.state.job(job_id)
        if job.progress and job.progress != seen and on_progress is not None:
            seen = job.progress
            on_progress(job.progress)
        if not job.active:
            return outcome_of(job)
        if finished and handle is not None:
            # The task ended but the row is open: the worker died, or the cluster dropped the task.
            exc = handle.exception()
            log.warning("job %s ended without an outcome: %r", job_id, exc)
            ctx.state.finish_job(job_id, status="failed", message=WORKER_DIED.format(job=job_id, worker=job.worker or "not started"))
            if job.model:  # a dead worker on this host: its lock is taken over, its runs ended, the attempt audited
                from tools.locking import recover_stale

                recover_stale(ctx, model=job.model)
            ctx.state.release_job_lock(job)  # one a takeover cannot judge yet (a worker on another host)


def _wait(handle: Future[str] | None) -> bool:
    if handle is None:
        time.sleep(POLL_S)
        return False
    try:
        handle.result(timeout=POLL_S)
    except FutureTimeout:
        return False
    except BaseException:  # the failure is read from the handle by the caller
        return True
    return True


def outcome_of(job: Job) -> Outcome:
    """The job's outcome with its typed result (and approval plan) rebuilt from the row's JSON."""
    if job.outcome is None:
        status = "refused" if job.status == "cancelled" else "failed"
        return Outcome(tool=job.tool, status=status, message=job.message or f"Job {job.id} {job.status}.",
                       code="cancelled" if job.status == "cancelled" else "worker_died")
    data = dict(job.outcome)
    tool = all_tools().get(data.get("tool", job.tool)) or all_tools()[job.tool]
    result = data.pop("result", None)
    approval = data.pop("approval", None)
    if approval is not None and approval.get("plan") is not None and tool.plan_type is not None:
        approval["plan"] = tool.plan_type.model_validate(approval["plan"])
    return Outcome(**data, result=tool.result.model_validate(result) if result is not None else None,
                   approval=ApprovalRequest.model_validate(approval) if approval is not None else None)

