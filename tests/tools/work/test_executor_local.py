"""Tool work on the warm local process pool: jobs as rows, progress, cancel, and a worker crash the pool survives."""

from __future__ import annotations

import os
import signal
from typing import Any

from tests.conftest import run
from tests.support.waiting import wait_until
from tools.access import Caller
from tools.context import Context
from tools.outcome import Outcome
from tools.work import jobs


def _submit(ctx: Context, pool: Any, tool: str, args: dict[str, Any], caller: Caller) -> tuple[str, Any]:
    job, handle = jobs.submit(ctx, pool, kind="dispatch", tool=tool, args=args, caller=caller)
    return job.id, handle


def test_a_train_job_runs_in_a_pool_process_and_reports_progress(ctx: Context, local_pool: Any,
                                                                 cli_caller: Caller) -> None:
    job_id, handle = _submit(ctx, local_pool, "train", {"model": "cancer"}, cli_caller)
    lines: list[str] = []
    outcome = jobs.follow(ctx, job_id, handle, on_progress=lines.append)
    assert outcome.status == "done", outcome.message
    assert outcome.result.version == 1 and ctx.registry.aliases("cancer") == {"challenger": 1}
    job = ctx.state.job(job_id)
    assert job.status == "done" and job.worker and not job.worker.endswith(f":{os.getpid()}")
    assert any("Fitting random_forest" in line or "Holdout roc_auc" in line for line in lines), lines
    assert [(e.tool, e.outcome, e.actor) for e in ctx.state.audit_trail()] == [("train", "ok", cli_caller.user_id)]


def test_status_lists_running_jobs(cancer_ctx: Context, cli_caller: Caller) -> None:
    job = cancer_ctx.state.create_job(kind="dispatch", tool="tune", model="cancer", args={"model": "cancer"},
                                      user_id="U_TRAINER", surface="slack", backend="dask", owner="web:1")
    cancer_ctx.state.start_job(job.id, worker="tcp://10.0.0.7:4001")
    cancer_ctx.state.job_progress(job.id, "trial 12/40, best roc_auc 0.991")
    outcome = run(cancer_ctx, "status cancer", cli_caller)
    assert [(j.job, j.tool, j.status, j.progress) for j in outcome.result.jobs] == [
        (job.id, "tune", "running", "trial 12/40, best roc_auc 0.991")]
    from bot.slack.render import render

    assert f"`{job.id}` tune running" in render(outcome.result).to_text()


def test_cancel_stops_a_running_tune_between_trials(ctx: Context, local_pool: Any, cli_caller: Caller) -> None:
    job_id, handle = _submit(ctx, local_pool, "tune", {"model": "cancer", "trials": 200,
                                                       "ranges": {"n_estimators": "5..20", "max_depth": "2..4"}},
                             cli_caller)
    wait_until(lambda: (ctx.state.job(job_id).progress or "").startswith("trial 1"), what="the first trial", timeout=120)
    cancelled = run(ctx, f"cancel {job_id}", cli_caller)
    assert cancelled.status == "done" and cancelled.result.status == "stopping"
    outcome = jobs.follow(ctx, job_id, handle)
    assert outcome.status == "refused" and outcome.code == "cancelled", outcome.message
    assert f"Cancelled by {cli_caller.user_id}" in (outcome.message or "")
    assert ctx.state.job(job_id).status == "cancelled"
    assert not ctx.registry.exists("cancer") or ctx.registry.versions("cancer") == [], "nothing was registered"
    again = run(ctx, f"cancel {job_id}", cli_caller)
    assert again.status == "refused" and "already cancelled" in (again.message or "")
    assert run(ctx, "cancel j000000", cli_caller).code == "unknown_job"
    assert run(ctx, "cancel banana", cli_caller).code == "usage"


def test_the_pool_survives_a_worker_killed_mid_job(ctx: Context, local_pool: Any, cli_caller: Caller) -> None:
    job_id, handle = _submit(ctx, local_pool, "train", {"model": "cancer", "params": {"n_estimators": 3000}},
                             cli_caller)
    worker = wait_until(lambda: ctx.state.job(job_id).worker, what="a worker to claim the job", timeout=120)
    wait_until(lambda: (ctx.state.job(job_id).progress or "").startswith("Fitting"), what="the fit to start", timeout=120)
    os.kill(int(worker.rpartition(":")[2]), signal.SIGKILL)
    outcome: Outcome = jobs.follow(ctx, job_id, handle)
    assert outcome.status == "failed" and "died before it finished" in (outcome.message or "")
    assert ctx.state.job(job_id).status == "failed"
    # The model's lock went with the dead worker's job, and the pool runs the next job on a fresh process.
    after, handle = _submit(ctx, local_pool, "train", {"model": "cancer", "params": {"n_estimators": 10}}, cli_caller)
    assert jobs.follow(ctx, after, handle).status == "done"


def _gone(pid: int) -> bool:
    import psutil

    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_pool_workers_exit_when_their_web_process_is_killed(tmp_path: Any) -> None:
    """A kill -9 of the process owning the pool leaves no orphaned workers behind (they would hold its pipes)."""
    import subprocess
    import sys

    script = ("from tools.work.executor import LocalPool\n"
              "pool = LocalPool(2)\n"
              "print(' '.join(str(pid) for pid in pool._pool._processes), flush=True)\n"
              "import time; time.sleep(600)\n")
    owner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=tmp_path,
                             start_new_session=True)
    try:
        workers = [int(pid) for pid in owner.stdout.readline().split()]  # type: ignore[union-attr]
        assert len(workers) == 2 and not any(_gone(pid) for pid in workers)
        owner.kill()
        owner.wait(timeout=30)
        wait_until(lambda: all(_gone(pid) for pid in workers), timeout=30, what="orphaned pool workers to exit")
    finally:
        if owner.poll() is None:
            os.killpg(owner.pid, signal.SIGKILL)
