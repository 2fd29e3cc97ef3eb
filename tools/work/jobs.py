"""A job's life as its caller sees it: record it, hand it to the executor, follow its row to the outcome.

Nothing heavy happens here: a row write, a submit, then a cheap poll of the row for progress until the worker
(tools/work/worker.py), or this side when the worker died, closes it. A restarted process follows an adopted job
the same way. The row is the truth wherever the job runs, so `status`, `cancel` and a restart all see it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from tools.access import Caller
from tools.catalog import all_tools
from tools.context import Context
from tools.outcome import ApprovalRequest, Outcome
from tools.state.jobs import Job
from tools.work.owner import dead_here, process_name

if TYPE_CHECKING:
    from tools.work.executor import Executor

log = logging.getLogger("mlops.jobs")
# How often an adopted job's lease is checked for a dead worker (the lease's own stale limit decides).
RECOVER_EVERY_S = 15.0
POLL_S = 0.25
Kind = Literal["dispatch", "confirm"]
WORKER_DIED = ("The worker running job {job} ({worker}) died before it finished; it was not retried, since part of "
               "it may already have run. Nothing more will happen: check status and run it again.")


class Origin(BaseModel):
    """Where a call came from and where its answer goes: what the person typed, the channel, the thread."""

    text: str | None = None
    channel: str | None = None
    thread_ts: str | None = None


class JobRequest(BaseModel):
    """Everything a worker needs, as data: the call, who made it, and the caller's config and stores."""

    job_id: str
    kind: Kind
    tool: str
    args: dict[str, Any]
    caller: Caller
    approval_id: str | None = None
    config: dict[str, Any]
    config_source: str
    paths: dict[str, Any]
    cwd: str  # relative data paths in the config mean what they mean for the caller


def run(ctx: Context, executor: Executor, *, kind: Kind, tool: str, args: dict[str, Any], caller: Caller,
        approval_id: str | None = None, model: str | None = None, origin: Origin | None = None,
        progress: Callable[[str], None] | None = None, on_job: Callable[[Job], None] | None = None) -> Outcome:
    """Submit a job and follow it to its outcome; `on_job` hears the queued job first."""
    job, handle = submit(ctx, executor, kind=kind, tool=tool, args=args, caller=caller, approval_id=approval_id,
                         model=model, origin=origin)
    if on_job is not None:
        on_job(job)
    if getattr(executor, "tells_progress", False):  # the work prints its own lines as they come: none polled
        progress = None
    return follow(ctx, job.id, handle, on_progress=progress)


def submit(ctx: Context, executor: Executor, *, kind: Kind, tool: str, args: dict[str, Any], caller: Caller,
           approval_id: str | None = None, model: str | None = None,
           origin: Origin | None = None) -> tuple[Job, Future[str]]:
    origin = origin or Origin()
    job = ctx.state.create_job(kind=kind, tool=tool, model=model if model is not None else args.get("model"),
                               args=args, user_id=caller.user_id, surface=caller.surface, backend=executor.backend,
                               owner=process_name(), approval_id=approval_id, text=origin.text,
                               channel=origin.channel, thread_ts=origin.thread_ts)
    request = request_for(ctx, job_id=job.id, kind=kind, tool=tool, args=args, caller=caller,
                          approval_id=approval_id)
    return job, executor.submit(request)


def request_for(ctx: Context, *, job_id: str, kind: Kind, tool: str, args: dict[str, Any], caller: Caller,
                approval_id: str | None = None) -> JobRequest:
    """The job as data a worker anywhere can run: the config itself travels, not a path only this host reads."""
    import os

    paths = ctx.paths.model_copy(update={"home": ctx.paths.home.resolve()})
    return JobRequest(job_id=job_id, kind=kind, tool=tool, args=args, caller=caller, approval_id=approval_id,
                      config=ctx.config.model_dump(mode="json"), config_source=ctx.config.source_path,
                      paths=paths.model_dump(mode="json"), cwd=os.getcwd())


def follow(ctx: Context, job_id: str, handle: Future[str] | None, *,
           on_progress: Callable[[str], None] | None = None) -> Outcome:
    """Wait for the job's row to close, passing each new progress line on; `handle` is None for an adopted job."""
    from tools.work.lease import recover_stale

    seen: str | None = None
    checked = time.monotonic()
    while True:
        finished = _wait(handle)
        job = ctx.state.job(job_id)
        if handle is None and job.active and job.model and time.monotonic() - checked >= RECOVER_EVERY_S:
            # Adopted: no task handle tells us its worker died. The job's lease does: a worker that stopped
            # beating is taken over, which closes this row as failed (lease.job_notice).
            checked = time.monotonic()
            if recover_stale(ctx, model=job.model):
                job = ctx.state.job(job_id)
        if job.progress and job.progress != seen and on_progress is not None:
            seen = job.progress
            on_progress(job.progress)
        if not job.active:
            return outcome_of(job)
        if finished and handle is not None:
            # The task ended but the row is open: the worker died, or the cluster dropped the task.
            log.warning("job %s ended without an outcome: %r", job_id, handle.exception())
            ctx.state.finish_job(job_id, status="failed", message=WORKER_DIED.format(job=job_id, worker=job.worker or "not started"))
            if job.model:  # a dead worker on this host: its lease is taken over, its runs ended, the attempt audited
                recover_stale(ctx, model=job.model)
            ctx.state.release_job_lock(job)  # one a takeover cannot judge yet (a worker on another host)


def adoptable(ctx: Context, executor: Executor | None) -> list[Job]:
    """At start: the jobs this process should follow and report, because the process that submitted them is gone:
    those a Dask worker still runs, and local-pool jobs of a dead process (closed as failed here). Leases of dead
    workers are recovered first: taking one over ends its runs, closes its job and says so (Context.on_takeover);
    left to the loop below, the lease would just be deleted."""
    from tools.work.lease import recover_stale

    recover_stale(ctx)
    adopted = []
    for job in ctx.state.active_jobs():
        if job.channel is None:
            continue
        if job.backend == "dask" and executor is not None and executor.backend == "dask":
            adopted.append(job)
        elif job.backend == "local" and dead_here(job.owner):
            ctx.state.release_job_lock(job)
            ctx.state.finish_job(job.id, status="failed", message=(
                f"The bot restarted while job {job.id} ran in its local pool, so it stopped unfinished. Run it again."))
            adopted.append(job)
    return adopted


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
