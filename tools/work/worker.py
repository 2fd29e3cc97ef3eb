"""What runs inside an executor's worker (a local pool process, a Dask worker, or the caller's own thread): one
job, from its claim to its outcome in the job row.

The work runs through `dispatch.perform` (or `carry_out` for an approval), which checks again, proposes, leases,
runs and audits next to the work: a lease is held by the process doing the work and released by it; the caller
only reads what the row says.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import OrderedDict
from typing import TYPE_CHECKING, Literal

from tools.work.owner import exit_with_parent, process_name

if TYPE_CHECKING:
    from collections.abc import Callable

    from tools.context import Context
    from tools.outcome import Outcome
    from tools.work.jobs import JobRequest

log = logging.getLogger("mlops.worker")
_CONTEXTS: OrderedDict[str, Context] = OrderedDict()  # per worker process: MLflow and state connections reused
_KEEP_CONTEXTS = 4


def start_pool_worker() -> None:
    """Pool initializer: warm up, and exit when the process that owns the pool is gone (its jobs' leases are
    then taken over like any dead owner's)."""
    exit_with_parent()
    warm()


# The ML stack a job needs: imported once per worker process, by `warm` or, before it forks the local pool's
# processes, by the fork server (tools/work/compute.py).
POOL_IMPORTS = ("mlflow", "pandas", "sklearn.ensemble", "pipelines.train", "tools.dispatch", "tools.catalog")


def warm() -> str:
    """Import the ML stack once per worker process, so no job pays for it (a pool initializer and a warm-up task)."""
    import importlib

    for module in POOL_IMPORTS:
        importlib.import_module(module)
    from tools.catalog import all_tools

    all_tools()
    if not logging.getLogger().handlers:  # a bare worker process: let "job … on host:pid" reach its log
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    log.setLevel(logging.INFO)
    for name in ("mlflow", "alembic", "urllib3", "git"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return process_name()


def run_job(request: JobRequest, ctx: Context | None = None, echo: Callable[[str], None] | None = None) -> str:
    """Claim the job, run it, and write its outcome into the job row. `ctx` and `echo`: the caller's own context
    and progress printer, when the job runs in the caller's process (each line is told as it happens, not polled)."""
    from tools.dispatch import carry_out, perform
    from tools.errors import Cancelled
    from tools.work.jobs import WORKER_DIED

    if ctx is None:
        warm()
        os.chdir(request.cwd)
        ctx = _context(request)
    state, job_id, worker = ctx.state, request.job_id, process_name()
    if not state.start_job(job_id, worker=worker):
        job = state.job(job_id)
        if job.status == "running":  # an earlier attempt's worker died mid-job and the cluster retried it here
            log.warning("job %s: earlier attempt on %s died; not re-running it", job_id, job.worker)
            state.release_job_lock(job)
            state.finish_job(job_id, status="failed", message=WORKER_DIED.format(job=job_id, worker=job.worker))
        return job_id
    log.info("job %s: %s %s for %s on %s", job_id, request.kind, request.tool, request.caller.user_id, worker)

    def progress(line: str) -> None:
        by = state.job_progress(job_id, line)
        if echo is not None:
            echo(line)
        if by:
            raise Cancelled(f"Cancelled by {by}; stopped at: {line}.")

    if by := state.cancel_requested(job_id):  # asked to stop between the claim and here
        state.finish_job(job_id, status="cancelled", message=f"Cancelled by {by} before it started; nothing was changed.")
        return job_id

    def started() -> dict[str, str]:  # kept on the model's lease: a successor finds this job's "Working…" message
        return {"job": job_id}

    if request.kind == "confirm":
        outcome = carry_out(ctx, request.approval_id or "", request.caller, progress=progress, started=started)
    else:
        outcome = perform(ctx, request.tool, request.args, request.caller, progress=progress, started=started)
    state.finish_job(job_id, status=_status(outcome), outcome=outcome.model_dump(mode="json"), message=outcome.message)
    log.info("job %s: %s", job_id, outcome.status)
    return job_id


def _status(outcome: Outcome) -> Literal["done", "failed", "cancelled"]:
    if outcome.code == "cancelled":
        return "cancelled"
    return "done" if outcome.ok else "failed"


def _context(request: JobRequest) -> Context:
    from tools.config import parse_config
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
