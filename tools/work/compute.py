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
