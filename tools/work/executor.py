"""One executor interface for tool work: a warm local process pool, a Dask distributed cluster, or this process.

`[compute] backend` picks the pool or Dask for the long-running processes; a command line run on its own works in
its own process (`InProcess`: starting a pool for one command costs more than it saves) unless the config names a
Dask cluster. Whichever, a submitted job is a `tools.work.jobs.JobRequest` and comes back as a
`concurrent.futures.Future` that finishes when the worker has written the job's outcome into its row (or fails
with the reason the worker could not: it died, the cluster went away).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from tools.config import Compute
    from tools.context import Context
    from tools.work.jobs import JobRequest

log = logging.getLogger("mlops.executor")


class Executor(Protocol):
    backend: str
    workers: int

    def submit(self, request: JobRequest) -> Future[str]: ...

    def shutdown(self) -> None: ...


def make_executor(compute: Compute) -> Executor:
    """The executor of a long-running process (serve's work process, the scheduler)."""
    if compute.backend == "dask":
        return DaskExecutor(compute.address or "")
    return LocalPool(compute.workers)


def command_executor(ctx: Context, progress: Callable[[str], None] | None = None) -> Executor:
    """The executor of a single command (the terminal): the Dask cluster the config names, else this process,
    where `progress` hears every line as the work says it."""
    if ctx.config.compute.backend == "dask":
        return DaskExecutor(ctx.config.compute.address or "")
    return InProcess(ctx, progress)


class InProcess:
    """Jobs on a thread of this process, against the caller's own context: the same job rows, progress, cancel
    and audit as on a pool, without starting one."""

    backend = "local"
    workers = 1

    def __init__(self, ctx: Context, progress: Callable[[str], None] | None = None) -> None:
        self.ctx = ctx
        self.tells_progress = progress is not None
        self._progress = progress

    def submit(self, request: JobRequest) -> Future[str]:
        from tools.work.worker import run_job

        done: Future[str] = Future()

        def work() -> None:
            try:
                done.set_result(run_job(request, self.ctx, echo=self._progress))
            except BaseException as exc:  # the follower reads it from the future and says the job failed
                done.set_exception(exc)

        threading.Thread(target=work, name=f"mlops-job-{request.job_id}", daemon=True).start()
        return done

    def shutdown(self) -> None:
        pass


class LocalPool:
    """`workers` spawned processes that import the ML stack once; a crashed process is replaced, not fatal."""

    backend = "local"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._lock = threading.Lock()
        self._pool = self._start()

    def _start(self) -> Any:
        from concurrent.futures import ProcessPoolExecutor

        from tools.work.compute import warm_processes
        from tools.work.worker import start_pool_worker, warm

        # Never a plain fork of this process (it has uvicorn's and Bolt's threads and locks a fork would copy
        # mid-use): each worker forks from a fork server that imported the ML stack once.
        pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=warm_processes(), initializer=start_pool_worker)
        # Start every process now and wait until each has imported the stack, so the first job finds them warm.
        for started in [pool.submit(warm) for _ in range(self.workers)]:
            started.result(timeout=300)
        return pool

    def submit(self, request: JobRequest) -> Future[str]:
        from concurrent.futures.process import BrokenProcessPool

        from tools.work.worker import run_job

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

        from tools.work.worker import run_job

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
