"""What listeners share: the tool context, a Slack client for worker threads, and our own worker pool."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from bot.acks_first import AcksFirst
from bot.replays import after_claim, pending_claim
from tools.context import Context

if TYPE_CHECKING:
    from bot.replays import ReplayGuard
    from tools.executor import Executor

log = logging.getLogger("mlops.slack")


@dataclass
class Runtime:
    ctx: Context
    web: Any  # slack_sdk.WebClient: sync, used from worker threads
    workers: int = 4
    executor: Executor | None = None  # where tool work runs; None runs it on the threads below (tests of the ack path)
    owns_executor: bool = True  # a borrowed executor (shared by tests) is not shut down with the app
    replays: ReplayGuard | None = None  # the replay middleware, whose claim threads stop with the app
    acks: AcksFirst = field(default_factory=AcksFirst)  # post-ack work yields to the event loop's acks
    pool: ThreadPoolExecutor = field(init=False)
    quick: ThreadPoolExecutor = field(init=False)

    def __post_init__(self) -> None:
        # Our own bounded pool of threads that hand work to the executor, follow it and post: Bolt's listener
        # threads stay free for acks however many trainings run.
        self.pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="mlops-work")
        # help and cancel answer from the web process; their own threads keep them from queueing behind the
        # threads that follow long jobs (a cancel must get through while every job thread waits on a training).
        self.quick = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mlops-quick")

    def submit(self, fn: Callable[..., None], *args: Any, quick: bool = False, **kwargs: Any) -> Future[None]:
        """Run `fn` after the ack on our threads; work for a signed request first waits for its replay claim."""
        if (claim := pending_claim()) is not None:
            fn = partial(after_claim, claim, fn)
        fn = partial(_after_acks, self.acks, fn)
        future = (self.quick if quick else self.pool).submit(fn, *args, **kwargs)
        future.add_done_callback(_log_failure)
        return future

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=False)
        self.quick.shutdown(wait=True, cancel_futures=False)
        if self.replays is not None:
            self.replays.shutdown()
        if self.executor is not None and self.owns_executor:
            self.executor.shutdown()


def _after_acks(acks: AcksFirst, fn: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    acks.wait()
    fn(*args, **kwargs)


def _log_failure(future: Future[None]) -> None:
    if future.cancelled():  # cancelled at shutdown: not a failure
        return
    if (exc := future.exception()) is not None:
        log.error("background work failed", exc_info=exc)
