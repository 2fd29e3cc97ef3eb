"""One executor interface for tool work: a warm local process pool, or a Dask distributed cluster.

Chosen by `[compute] backend` in the config. Either way a submitted job is a `tools.worker.JobRequest` and comes
back as a `concurrent.futures.Future` that finishes when the worker has written the job's outcome into its row
(or fails with the reason the worker could not: it died, the cluster went away).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from concurrent.futures import Future
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from pipelines.config import Compute
    from tools.worker import JobRequest

log = logging.getLogger("mlops.executor")


class Executor(Protocol):
    backend: str
    workers: int

    def submit(self, request: JobRequest) -> Future[str]: ...

    def shutdown(self) -> None: ...


def make_executor(compute: Compute) -> Executor:
    if compute.backend == "dask":
        return DaskExecutor(compute.address or "")
    return LocalPool(compute.workers)


class LocalPool:
    """`workers` spawned processes that import the ML stack once; a crashed process is replaced, not fatal."""

    backend = "local"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._lock = threading.Lock()
        self._pool = self._start()

    def _start(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from tools.worker import start_pool_worker, warm

        # spawn, not fork: the web process has uvicorn's and Bolt's threads and locks a fork would copy mid-use.
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=start_pool_worker)
        # Start every process now and wait until each has imported the stack, so the first job finds them warm.
        for started in [pool.submit(warm) for _ in range(self.workers)]:
            started.result(timeout=300)
        return pool

    def submit(self, request: JobRequest) -> Future[str]:
        from concurrent.futures.process import BrokenProcessPool

        from tools.worker import run_job

        with self._lock:
            try:
                future = self._pool.submit(run_job, request)
            except BrokenProcessPool:  # a worker died since the last job: start afresh
                self._replace(self._pool)
                future = self._pool.submit(run_job, request)
        pool = self._pool
        future.add_done_callback(lambda f: self._after(f, pool))
        return future

    def _after(self, future: Future[str], pool: Any) -> None:
        from concurrent.futures.process import BrokenProcessPool

        if not future.cancelled() and isinstance(future.exception(), BrokenProcessPool):
            with self._lock:
                self._replace(pool)

    def _replace(self, broken: Any) -> None:
        if self._pool is not broken:
            return  # another job's callback already replaced it
        log.warning("a worker process died; starting a new pool of %d", self.workers)
        broken.shutdown(wait=False, cancel_futures=True)
        self._pool = self._start()

    def shutdown(self) -> None:
        with self._lock:
            self._pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Jobs as Dask tasks, kept running if the web process goes away (fire and forget: the row tells the end).

    A queued job that was cancelled finds its row closed when a worker picks it up, and returns at once."""

    backend = "dask"

    def __init__(self, address: str, *, client: Any = None) -> None:
        from distributed import Client

        from pipelines.errors import ConfigError

        try:
            self.client = client or Client(address, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"Cannot reach the Dask scheduler at {address} ([compute] address): {exc}") from None
        self.workers = len(self.client.scheduler_info().get("workers", {})) or 1

    def submit(self, request: JobRequest) -> Future[str]:
        from distributed import fire_and_forget

        from tools.worker import run_job

        task = self.client.submit(run_job, request, key=f"mlops-job-{request.job_id}", pure=False)
        fire_and_forget(task)
        done: Future[str] = Future()
        task.add_done_callback(lambda t: _settle(t, done))
        return done

    def shutdown(self) -> None:
        self.client.close()


def _settle(task: Any, done: Future[str]) -> None:
    try:
        done.set_result(task.result())
    except BaseException as exc:  # KilledWorker, CancelledError, a lost scheduler: the job's follower says which
        done.set_exception(exc)


def trial_mapper(compute: Compute) -> tuple[Callable[..., Iterator[Any]], str]:
    """Where a tune's trials run, seen from inside its job: over the Dask cluster that job runs on (or the one the
    config names, for the CLI), else over `workers` local processes. Returns the map and a note for the result."""
    from pipelines.tune import in_turn

    if _on_dask_worker():
        return _dask_map, "dask workers"
    if compute.backend == "dask":
        return partial(_dask_map, address=compute.address), f"dask workers at {compute.address}"
    if compute.workers > 1:
        return partial(_local_map, n_jobs=compute.workers), f"local processes ({compute.workers})"
    return in_turn, "one process"


def _local_map(fn: Callable[[Any], Any], items: list[Any], *, n_jobs: int) -> Iterator[Any]:
    from joblib import Parallel, delayed
    from joblib.externals.loky import get_reusable_executor

    try:  # results come back as each trial ends, for progress
        yield from Parallel(n_jobs=n_jobs, backend="loky", return_as="generator_unordered")(
            delayed(fn)(i) for i in items)
    finally:
        # Stopped early, the rest must not run on; finished, loky's idle processes would otherwise keep this
        # pool process from exiting for minutes.
        get_reusable_executor().shutdown(wait=True, kill_workers=True)


def _dask_map(fn: Callable[[Any], Any], items: list[Any], *, address: str | None = None) -> Iterator[Any]:
    from distributed import Client, as_completed, worker_client

    # On a worker, worker_client secedes from its thread slot while waiting, so the trials can use it too.
    with (Client(address, set_as_default=False) if address else worker_client()) as client:
        futures = client.map(fn, items, pure=False)
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:  # stopped early (budget, cancel): drop the trials not yet run
            client.cancel([f for f in futures if not f.done()])


def dask_session(compute: Compute) -> AbstractContextManager[Any]:
    """Dask computations inside it run on the cluster: the job's own worker's client, or one to `address`."""
    from contextlib import nullcontext

    if _on_dask_worker():
        from distributed import worker_client

        return worker_client()
    if compute.backend == "dask":
        from distributed import Client

        return Client(compute.address)
    return nullcontext()


def _on_dask_worker() -> bool:
    try:
        from distributed import get_worker

        get_worker()
        return True
    except (ImportError, ValueError):
        return False
