"""Tool work on a real Dask cluster (LocalCluster, 2 worker processes): train and tune run on the workers with the
same results as the local pool, a killed worker gives a clear failure, and a job outlives the web process's client."""

from __future__ import annotations

import logging
import os
import signal
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.waiting import wait_until
from tools.access import Caller
from tools.context import Context
from tools.work import jobs
from tools.work.executor import DaskExecutor

TUNE = {"model": "cancer", "trials": 3, "ranges": {"n_estimators": "5..15", "max_depth": "2..5"}}


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from distributed import LocalCluster

    # One cluster per module: starting one costs seconds. Two processes, one thread each, as `dask worker`s would.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as started:
        yield started


@pytest.fixture
def dask(cluster: Any) -> Iterator[DaskExecutor]:
    executor = DaskExecutor(cluster.scheduler_address)
    yield executor
    executor.shutdown()



def _run(ctx: Context, executor: Any, tool: str, args: dict[str, Any], caller: Caller) -> Any:
    job, handle = jobs.submit(ctx, executor, kind="dispatch", tool=tool, args=args, caller=caller)
    return job.id, jobs.follow(ctx, job.id, handle)


def test_tune_on_dask_matches_the_local_pool_on_the_same_seed(ctx: Context, dask: DaskExecutor, local_pool: Any,
                                                              cluster: Any, cli_caller: Caller) -> None:
    job_id, on_dask = _run(ctx, dask, "tune", TUNE, cli_caller)
    assert on_dask.status == "done", on_dask.message
    worker = ctx.state.job(job_id).worker or ""
    assert any(str(w.pid) == worker.rpartition(":")[2] for w in _worker_processes(cluster)), "ran on a Dask worker"
    assert on_dask.result.ran_on == "dask workers" and on_dask.result.trials_done == 3
    _, local = _run(ctx, local_pool, "tune", TUNE, cli_caller)
    assert local.status == "done", local.message
    assert local.result.ran_on.startswith("local processes")
    trials = lambda r: sorted((t.number, t.params, t.score) for t in r.top)  # noqa: E731
    assert trials(on_dask.result) == trials(local.result)
    assert on_dask.result.best.params == local.result.best.params
    assert on_dask.result.trained.metrics == local.result.trained.metrics
    assert (on_dask.result.trained.version, local.result.trained.version) == (1, 2)
    # Each trial is a child run of its tune's parent run.
    client = ctx.registry.client
    children = client.search_runs([ctx.registry.experiment_id("cancer")],
                                  filter_string=f"tags.mlflow.parentRunId = '{on_dask.result.parent_run_id}'")
    assert len([r for r in children if r.data.tags.get("mlops.kind") == "trial"]) == 3
    assert any(r.info.run_id == on_dask.result.trained.run_id for r in children)


def test_a_killed_worker_fails_the_job_clearly_and_the_cluster_goes_on(ctx: Context, dask: DaskExecutor,
                                                                       cli_caller: Caller) -> None:
    job, handle = jobs.submit(ctx, dask, kind="dispatch", tool="tune", caller=cli_caller,
                              args={"model": "cancer", "trials": 300, "ranges": {"n_estimators": "5..20"}})
    wait_until(lambda: ctx.state.job(job.id).progress, what="the job to make progress", timeout=180)
    os.kill(int((ctx.state.job(job.id).worker or "").rpartition(":")[2]), signal.SIGKILL)
    started = time.monotonic()
    outcome = jobs.follow(ctx, job.id, handle)
    assert outcome.status == "failed" and "died before it finished" in (outcome.message or "")
    assert time.monotonic() - started < 120, "a dead worker must not leave the job hanging"
    # The lock the dead job held is free again, and the cluster runs the next job.
    _, trained = _run(ctx, dask, "train", {"model": "cancer", "params": {"n_estimators": 10}}, cli_caller)
    assert trained.status == "done", trained.message
    assert ctx.registry.aliases("cancer") == {"challenger": trained.result.version}


def test_a_job_outlives_the_web_process_that_submitted_it(ctx: Context, cluster: Any, cli_caller: Caller) -> None:
    first = DaskExecutor(cluster.scheduler_address)
    job, _handle = jobs.submit(ctx, first, kind="dispatch", tool="train", args={"model": "cancer"}, caller=cli_caller)
    wait_until(lambda: ctx.state.job(job.id).status == "running", what="the job to start", timeout=180)
    first.shutdown()  # the web process goes away mid-job
    restarted = Context(config=ctx.config, paths=ctx.paths)
    assert [j.id for j in restarted.state.active_jobs(backend="dask")] == [job.id]
    outcome = jobs.follow(restarted, job.id, None)
    assert outcome.status == "done", outcome.message
    assert outcome.result.version == 1 and restarted.registry.aliases("cancer") == {"challenger": 1}


def test_trial_data_is_scattered_to_each_dask_worker_once(cluster: Any) -> None:
    from tests.tools.work.test_compute import seen_by
    from tools.work.compute import _dask_map

    seen = list(_dask_map(seen_by, list(range(12)), {"data": list(range(1000))}, address=cluster.scheduler_address))
    lengths: dict[int, list[int]] = {}
    for pid, length in seen:
        lengths.setdefault(pid, []).append(length)
    # One copy per worker grows with each task it runs; a copy sent with every task would always be 1001 long.
    assert all(sorted(runs) == list(range(1001, 1001 + len(runs))) for runs in lengths.values()), lengths
    assert sum(len(runs) for runs in lengths.values()) == 12 and max(map(len, lengths.values())) > 1


def _worker_processes(cluster: Any) -> list[Any]:
    return [w.process.process for w in cluster.workers.values() if w.process is not None]


def test_drift_on_a_parquet_source_runs_as_a_dask_computation_with_the_in_memory_verdicts(
        mlops_home: Any, tmp_path: Any, configure: Any, cluster: Any, dask: DaskExecutor, cli_caller: Caller) -> None:
    from pipelines.data import datasets
    from pipelines.data.window import Window
    from pipelines.monitor import health
    from tests.conftest import CANCER_TOML, approve, run

    demo = configure(CANCER_TOML)
    live = datasets.load(demo.spec("cancer"), window=Window(last="60d"), live=True).frame
    live.to_parquet(tmp_path / "live.parquet", row_group_size=500)
    toml = CANCER_TOML.replace('live = { kind = "demo_live", dataset = "breast_cancer" }',
                               f'live = {{ kind = "parquet", path = "{tmp_path / "live.parquet"}" }}')
    ctx = configure(toml + f'\n[compute]\nbackend = "dask"\naddress = "{cluster.scheduler_address}"\n')
    assert run(ctx, "train cancer", cli_caller).status == "done"
    assert approve(ctx, run(ctx, "deploy cancer 1", cli_caller), cli_caller).status == "done"
    job_id, outcome = _run(ctx, dask, "check_drift", {"model": "cancer", "last": "7d"}, cli_caller)
    assert outcome.status == "done", outcome.message
    in_memory = health.check(ctx.spec("cancer"), ctx.registry, window=Window(last="7d"), chart=False)
    got, expected = outcome.result, in_memory
    assert got.lineage.rows == expected.lineage.rows and got.report.dataset_drift == expected.report.dataset_drift
    assert [(f.column, f.method, f.drifted) for f in got.report.features] == [
        (f.column, f.method, f.drifted) for f in expected.report.features]
    assert got.prediction.drifted == expected.prediction.drifted
    assert got.performance.now == expected.performance.now
