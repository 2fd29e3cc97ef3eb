"""What runs inside an executor worker (a local pool process or a Dask worker): one job, from claim to outcome.

The whole of `dispatch` (access, confirmation, lock, audit, error mapping) runs here, next to the work, so a
lock is held by the process doing the work and released by it; the web process only posts what the job row says.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel

from tools.access import Caller

if TYPE_CHECKING:
    from tools.context import Context
    from tools.dispatch import Outcome

log = logging.getLogger("mlops.worker")
_CONTEXTS: OrderedDict[str, Context] = OrderedDict()  # per worker process: MLflow and state connections reused
_KEEP_CONTEXTS = 4
WORKER_DIED = ("The worker running job {job} ({worker}) died before it finished; it was not retried, since part of "
               "it may already have run. Nothing more will happen: check status and run it again.")


class JobRequest(BaseModel):
    """Everything a worker needs, as data: the call, who made it, and the web process's config and stores."""

    job_id: str
    kind: Literal["dispatch", "confirm"]
    tool: str
    args: dict[str, Any]
    caller: Caller
    approval_id: str | None = None
    config: dict[str, Any]
    config_source: str
    paths: dict[str, Any]
    cwd: str  # relative data paths in the config mean what they mean for the web process


def request_for(ctx: Context, *, job_id: str, kind: Literal["dispatch", "confirm"], tool: str, args: dict[str, Any],
                caller: Caller, approval_id: str | None = None) -> JobRequest:
    paths = ctx.paths.model_copy(update={"home": ctx.paths.home.resolve()})
    return JobRequest(job_id=job_id, kind=kind, tool=tool, args=args, caller=caller, approval_id=approval_id,
                      config=ctx.config.model_dump(mode="json"), config_source=ctx.config.source_path,
                      paths=paths.model_dump(mode="json"), cwd=os.getcwd())


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def start_pool_worker() -> None:
    """Pool initializer: warm up, and exit when the web process that owns the pool is gone.

    A process pool's workers outlive a parent killed with SIGKILL (or one whose shutdown never ran): they would
    hold memory, the parent's output pipes and any job's model lock. Re-parented means orphaned; the lock of a
    job cut off this way is taken over like any dead owner's.
    """
    import threading
    import time

    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        log.warning("the process that started this pool worker (%d) is gone: exiting", parent)
        os._exit(3)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    warm()


PARENT_POLL_SECONDS = 0.5


def warm() -> str:
    """Import the ML stack once per worker process, so no job pays for it (a pool initializer and a warm-up task)."""
    import mlflow  # noqa: F401
    import pandas  # noqa: F401
    import sklearn.ensemble  # noqa: F401

    import pipelines.train  # noqa: F401
    import tools.dispatch  # noqa: F401
    from tools.registry import all_tools

    all_tools()
    if not logging.getLogger().handlers:  # a bare worker process: let "job … on host:pid" reach its log
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.INFO)
    for name in ("mlflow", "alembic", "urllib3", "git"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return worker_name()


def run_job(request: JobRequest) -> str:
    """Claim the job, run it through dispatch (or confirm), and write its outcome into the job row."""
    from pipelines.errors import Cancelled
    from tools.dispatch import confirm, dispatch

    warm()
    os.chdir(request.cwd)
    ctx = _context(request)
    state, job_id = ctx.state, request.job_id
    if not state.start_job(job_id, worker=worker_name()):
        job = state.job(job_id)
        if job.status == "running":  # an earlier attempt's worker died mid-job and the cluster retried it here
            log.warning("job %s: earlier attempt on %s died; not re-running it", job_id, job.worker)
            state.release_job_lock(job)
            state.finish_job(job_id, status="failed", message=WORKER_DIED.format(job=job_id, worker=job.worker))
        return job_id
    log.info("job %s: %s %s for %s on %s", job_id, request.kind, request.tool, request.caller.user_id, worker_name())

    def progress(line: str) -> None:
        by = state.job_progress(job_id, line)
        if by:
            raise Cancelled(f"Cancelled by {by}; stopped at: {line}.")

    if by := state.cancel_requested(job_id):  # asked to stop between the claim and here
        state.finish_job(job_id, status="cancelled", message=f"Cancelled by {by} before it started; nothing was changed.")
        return job_id
    def started() -> dict[str, str]:  # kept on the model's lock: a successor finds this job's "Working…" message
        return {"job": job_id}

    if request.kind == "confirm":
        outcome = confirm(ctx, request.approval_id or "", request.caller, progress=progress, started=started)
    else:
        outcome = dispatch(ctx, request.tool, request.args, request.caller, progress=progress, started=started)
    state.finish_job(job_id, status=_status(outcome), outcome=outcome.model_dump(mode="json"), message=outcome.message)
    log.info("job %s: %s", job_id, outcome.status)
    return job_id


def _status(outcome: Outcome) -> Literal["done", "failed", "cancelled"]:
    if outcome.code == "cancelled":
        return "cancelled"
    return "done" if outcome.ok else "failed"


def _context(request: JobRequest) -> Context:
    from pipelines.config import parse_config
    from tools.context import Context
    from tools.settings import Paths

    key = hashlib.sha256(repr((request.config, request.paths)).encode()).hexdigest()
    if key in _CONTEXTS:
        _CONTEXTS.move_to_end(key)
        return _CONTEXTS[key]
    ctx = Context(config=parse_config(request.config, source_path=request.config_source),
                  paths=Paths(**request.paths))
    _CONTEXTS[key] = ctx
    while len(_CONTEXTS) > _KEEP_CONTEXTS:
        _, old = _CONTEXTS.popitem(last=False)
        if old._state is not None:
            old._state.engine.dispose()
    return ctx
