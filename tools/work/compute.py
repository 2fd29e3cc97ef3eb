"""Where a job's own computations run, seen from inside the job: a tune's trials and Dask dataframes go to the
Dask cluster the job runs on (or the one the config names), else to local processes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tools.config import Compute


def trial_mapper(compute: Compute) -> tuple[Callable[..., Iterator[Any]], str]:
    """Where a tune's trials run, seen from inside its job: over the Dask cluster that job runs on (or the one the
    config names, for the CLI), else over `workers` local processes. Returns the map and a note for the result."""
    from pipelines.tune import in_turn

    if on_dask_worker():
        return _dask_map, "dask workers"
    if compute.backend == "dask":
        return partial(_dask_map, address=compute.address), f"dask workers at {compute.address}"
    if compute.workers > 1:
        return partial(_local_map, n_jobs=compute.workers), f"local processes ({compute.workers})"
    return in_turn, "one process"


def _local_map(fn: Callable[..., Any], items: list[Any], shared: dict[str, Any], *, n_jobs: int) -> Iterator[Any]:
    """`fn(item, **shared)` over `n_jobs` processes forked from a fork server that imported the trial stack once;
    `shared` reaches each process once, through the pool's initializer."""
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    pool = ProcessPoolExecutor(max_workers=n_jobs, mp_context=warm_processes(), initializer=_hold, initargs=(shared,))
    pending: set[Any] = set()
    try:
        pending = {pool.submit(_with_shared, fn, item) for item in items}
        while pending:  # results come back as each task ends, for progress
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    finally:
        # Stopped early (budget, cancel, a failed task): drop the queued tasks, let the running ones end, and wait
        # for the processes to exit. Not shutdown(wait=False): its processes can outlive the pool, idle, and then
        # hold up this process's own exit.
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def warm_processes() -> Any:
    """The multiprocessing context our process pools use (the local pool's workers, a tune's trial processes): a
    fork server (one per process, started on first use) that imports the ML stack once, so each pool process forks
    warm instead of importing MLflow and scikit-learn again (seconds of CPU each), and shares those pages with its
    siblings. It forks from its own single-threaded process, never from this one and its threads. Where there is no
    fork server (Windows), processes are spawned and import the stack themselves."""
    import multiprocessing

    from pipelines.tune import TRIAL_IMPORTS
    from tools.work.worker import POOL_IMPORTS

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # One list for every pool of this process: the server starts once, with the preload of whoever came first.
    context.set_forkserver_preload(list(dict.fromkeys([*POOL_IMPORTS, *TRIAL_IMPORTS])))
    return context


_SHARED: dict[str, Any] = {}


def _hold(shared: dict[str, Any]) -> None:
    _SHARED.update(shared)


def _with_shared(fn: Callable[..., Any], item: Any) -> Any:
    return fn(item, **_SHARED)


def _dask_map(
    fn: Callable[..., Any], items: list[Any], shared: dict[str, Any], *, address: str | None = None
) -> Iterator[Any]:
    """`fn(item, **shared)` as Dask tasks; `shared` is scattered to every worker once, and tasks refer to it."""
    from distributed import Client, as_completed, worker_client

    # On a worker, worker_client secedes from its thread slot while waiting, so the trials can use it too.
    with Client(address, set_as_default=False) if address else worker_client() as client:
        # In a list so a list value (the folds) travels as one object, not one future per element.
        held = {name: client.scatter([value], broadcast=True, hash=False)[0] for name, value in shared.items()}
        futures = client.map(fn, items, pure=False, **held)
        try:
            for future in as_completed(futures, loop=client.loop):
                yield future.result()
        finally:  # stopped early (budget, cancel): drop the trials not yet run
            client.cancel([f for f in futures if not f.done()])


def dask_session(compute: Compute) -> AbstractContextManager[Any]:
    """Dask computations inside it run on the cluster: the job's own worker's client, or one to `address`."""
    from contextlib import nullcontext

    if on_dask_worker():
        from distributed import worker_client

        return worker_client()
    if compute.backend == "dask":
        from distributed import Client

        return Client(compute.address)
    return nullcontext()


def on_dask_worker() -> bool:
    try:
        from distributed import get_worker

        get_worker()
        return True
    except (ImportError, ValueError):
        return False
