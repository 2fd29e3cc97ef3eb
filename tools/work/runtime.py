"""What carries tasks out after an ack: the tool context, the executor, and a bounded set of our own threads.

A task is a call of a module-level function with plain-data arguments (tools/work/queue.Task). It runs as
`fn(runtime, *args, **kwargs)`, on this process's threads (tests, `build_app`) or in the work process `serve`
starts. A surface extends the runtime with what its tasks need (the Slack client: bot/slack/runtime.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tools.context import Context
from tools.work.queue import Task, pending_request

if TYPE_CHECKING:
    from tools.work.executor import Executor

log = logging.getLogger("mlops.work")


@dataclass
class Runtime:
    ctx: Context
    executor: Executor | None = None  # where tool work runs; None runs it on the threads below (tests of the ack path)
    workers: int = 4
    owns_executor: bool = True  # a borrowed executor (shared by tests) is not shut down with the runtime
    before_task: Callable[[], None] | None = None  # e.g. wait while the web process is busy acking
    pool: ThreadPoolExecutor = field(init=False)
    quick: ThreadPoolExecutor = field(init=False)
    _on_stop: list[Callable[[], None]] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        # Our own bounded pool of threads that hand work to the executor, follow it and post: however many
        # trainings run, a bounded number of threads wait on them.
        self.pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="mlops-work")
        # help and cancel answer without a job; their own threads keep them from queueing behind the threads
        # that follow long jobs (a cancel must get through while every job thread waits on a training).
        self.quick = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mlops-quick")

    def submit(self, fn: Callable[..., None], *args: Any, quick: bool = False, **kwargs: Any) -> Future[None]:
        """Run `fn(self, *args, **kwargs)` after the ack on our threads (a signed request's only if it is its first
        delivery)."""
        return self.run(Task(fn=fn, args=args, kwargs=kwargs, quick=quick, request=pending_request()))

    def run(self, task: Task) -> Future[None]:
        future = (self.quick if task.quick else self.pool).submit(self._carry_out, task)
        future.add_done_callback(_log_failure)
        return future

    def on_stop(self, stop: Callable[[], None]) -> None:
        """Stop a service started with this runtime (the scheduler) before its threads and executor go."""
        self._on_stop.append(stop)

    def _carry_out(self, task: Task) -> None:
        if self.before_task is not None:
            self.before_task()
        if task.request is not None and not first_delivery(self.ctx, task.request.timestamp, task.request.signature):
            return  # a replay: nothing runs, nothing is posted
        task.fn(self, *task.args, **task.kwargs)

    def shutdown(self, *, cancel_queued: bool = False) -> None:
        """Stop taking work; finish what is running (and, unless `cancel_queued`, what is queued)."""
        try:
            for stop in reversed(self._on_stop):
                stop()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=cancel_queued)
            self.quick.shutdown(wait=True, cancel_futures=cancel_queued)
            if self.executor is not None and self.owns_executor:
                self.executor.shutdown()


def first_delivery(ctx: Context, timestamp: str, signature: str) -> bool:
    """Claim a signed request in the state DB: False for a replay (seen on another replica) or when the DB failed,
    in which case nothing runs, since it might be a replay; the log says why."""
    try:
        first = ctx.state.first_delivery(timestamp, signature)
    except Exception:
        log.exception("could not record a request as seen; its work was not run")
        return False
    if not first:
        log.warning("refused a replayed request (seen on another replica)")
    return first


def _log_failure(future: Future[None]) -> None:
    if future.cancelled():  # cancelled at shutdown: not a failure
        return
    if (exc := future.exception()) is not None:
        log.error("background work failed", exc_info=exc)
