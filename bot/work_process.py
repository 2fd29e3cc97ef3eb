"""`serve`'s work process: everything after an ack runs here, so the web process's GIL serves only acks.

The web process (Bolt on uvicorn or Socket Mode) parses, acks and puts a `Task` on a queue; this process runs it
on a `Runtime` of its own: the replay claim, job rows and their following, rendering and posting to Slack, the
executor (its local pool's processes are this process's children) and the scheduler. In the web process that work
took the acks' GIL under a burst of commands (`benchmarks/bench_ack.py`: train acks 6x a bare Bolt app at 1,000
requests); here it competes only for the CPU, and the acks come first twice over: the process runs at a lower
priority (`MLOPS_WORK_NICENESS`, default 19), and a task waits to start while the web process is in the middle of
a burst of requests (no quiet moment of `QUIET_S` since the last one), at most `ACKS_FIRST_MAX_S`. On a small
machine even a low-priority process slows the acks it runs beside (shared cores and caches); a burst is acked
first and answered right after, and a steady stream delays answers by at most a second, never starves them.

Lifetimes: the web process starts it and, when it stops, tells it to finish (queued work included, unless told to
cancel it) and waits; this process ignores SIGINT/SIGTERM (a Ctrl-C reaches the whole process group, and the web
process decides when the work stops). If the web process dies, this one exits at once: its jobs are then taken over
like any dead process's at the next start. If this one dies, the web process starts another, whose start closes
the dead one's jobs and turns their "Working…" messages into "Interrupted".
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.replays import pending_request
from bot.task import Task

if TYPE_CHECKING:
    from bot.settings import SlackSettings
    from tools.context import Context

log = logging.getLogger("mlops.serve")
STOP_TIMEOUT_S = 600.0  # a training in progress is waited for; past this the process is killed
RESTART_PAUSE_S = 1.0  # a process that dies at start is not restarted in a tight loop
QUIET_S = 0.005  # requests in a burst arrive a millisecond or so apart; this long without one, the burst is over
ACKS_FIRST_MAX_S = 1.0  # Slack needs the ack in 3 s; the answer may wait this long for a burst to end


class _Stop:
    """The last item on the queue: finish what is queued (or drop it) and exit."""

    def __init__(self, *, cancel_queued: bool) -> None:
        self.cancel_queued = cancel_queued


class WorkProcess:
    """The web process's end: hand tasks over, know how many are done, keep the process alive, stop it."""

    def __init__(self, ctx: Context, settings: SlackSettings, *, scheduler: bool = False,
                 console: int | None = None) -> None:
        self._spawn = multiprocessing.get_context("spawn")  # never fork a process running an event loop's threads
        self._start_args = (ctx.config.model_dump(mode="json"), ctx.config.source_path,
                            ctx.paths.model_copy(update={"home": ctx.paths.home.resolve()}).model_dump(mode="json"),
                            os.getcwd(), settings, scheduler, console)
        self._lock = threading.Lock()
        self._sent = 0
        self._finished = self._spawn.Value("q", 0)  # counted by the work process as each task ends
        self._last_request = self._spawn.Value("d", 0.0, lock=False)  # monotonic time of the latest hand-over
        self._stopping = False
        self._process: Any = None
        self._tasks: Any = None
        self._watcher = threading.Thread(target=self._watch, name="mlops-work-process-watch", daemon=True)
        self.restarts = 0

    def start(self) -> WorkProcess:
        self._launch()
        self._watcher.start()
        return self

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def submit(self, fn: Callable[..., None], *args: Any, quick: bool = False, **kwargs: Any) -> None:
        """Hand `fn(runtime, *args, **kwargs)` to the work process; returns at once (the queue's own thread
        pickles and writes it), so an ack never waits for the work process."""
        task = Task(fn=fn, args=args, kwargs=kwargs, quick=quick, request=pending_request())
        self._last_request.value = time.monotonic()  # CLOCK_MONOTONIC: one clock for both processes
        with self._lock:
            if self._stopping:
                log.warning("stopping: %s was not run", fn.__name__)
                return
            self._sent += 1
            self._tasks.put(task)

    def outstanding(self) -> int:
        """Tasks handed over and not yet finished (a task lost with a dead work process stays counted)."""
        with self._lock:
            return self._sent - self._finished.value

    def drain(self, timeout: float) -> float:
        """Wait until every task handed over so far has finished; the seconds waited."""
        started = time.monotonic()
        while self.outstanding() > 0:
            if time.monotonic() - started > timeout:
                raise TimeoutError(f"{self.outstanding()} task(s) still running after {timeout:.0f} s")
            time.sleep(0.01)
        return time.monotonic() - started

    def stop(self, *, cancel_queued: bool = False, timeout: float = STOP_TIMEOUT_S) -> None:
        """Finish the work (or only what is running, with `cancel_queued`) and end the process."""
        with self._lock:
            if self._stopping or self._process is None:
                return
            self._stopping = True
            self._tasks.put(_Stop(cancel_queued=cancel_queued))
        # Only the watcher thread reaps the process (two threads waiting on one child race for its exit status), so
        # stopping waits for the watcher, which returns once the process has ended.
        try:
            self._watcher.join(timeout)
            if self._watcher.is_alive():
                log.error("the work process did not stop within %.0f s: stopping it now", timeout)
        except KeyboardInterrupt:  # a second Ctrl-C: do not wait for the work in progress
            log.warning("stopping now: work in progress is cut off and taken over at the next start")
        if self._watcher.is_alive():
            self._process.kill()
            self._watcher.join(10)
        self._tasks.close()
        self._tasks.join_thread()

    def _launch(self) -> None:
        self._tasks = self._spawn.Queue()
        self._process = self._spawn.Process(target=_main, args=(*self._start_args, self._tasks, self._finished,
                                                                self._last_request),
                                            name="mlops-work", daemon=False)
        self._process.start()
        log.info("work process %d started", self._process.pid)

    def _watch(self) -> None:
        """Start a new work process when one dies: the tasks it had and those sent meanwhile are lost (logged)."""
        while True:
            process = self._process
            process.join()  # see `stop`: this thread is the only one that waits for the process
            if self._stopping:
                return
            log.error("the work process %d died (exit code %s): starting another", process.pid, process.exitcode)
            time.sleep(RESTART_PAUSE_S)
            with self._lock:
                if self._stopping:
                    return
                with self._finished.get_lock():
                    lost = self._sent - self._finished.value
                    self._finished.value += lost  # they will never finish; `outstanding` must not wait for them
                if lost:
                    log.error("%d task(s) handed to the dead work process were not run", lost)
                self._tasks.cancel_join_thread()  # its reader is gone: nothing more will be read from that pipe
                self.restarts += 1
                self._launch()


def _main(config: dict[str, Any], config_source: str, paths: dict[str, Any], cwd: str, settings: SlackSettings,
          scheduler: bool, console: int | None, tasks: Any, finished: Any, last_request: Any) -> None:
    """The work process: a Runtime of its own, fed from the queue until told to stop or orphaned."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    _exit_with_parent()
    try:
        os.nice(settings.work_niceness)  # its local pool's processes inherit it
    except OSError:  # not allowed here: it still works, only without the priority
        pass
    os.chdir(cwd)  # relative data paths in the config mean what they mean for `serve`

    from bot import logs
    from bot.app import web_client
    from bot.runtime import Runtime
    from bot.work import adopt, interrupted
    from pipelines.config import parse_config
    from tools.context import Context
    from tools.executor import make_executor
    from tools.settings import Paths

    paths_ = Paths(**paths)
    logs.setup(paths_.home, console=console)  # the same log file, and the terminal when `serve` prints to it
    ctx = Context(config=parse_config(config, source_path=config_source), paths=paths_)
    rt = Runtime(ctx=ctx, web=web_client(settings), workers=settings.workers,
                 executor=make_executor(ctx.config.compute), before_task=lambda: acks_first(last_request))
    ctx.on_takeover = lambda lock, what: interrupted(rt, lock, what)

    def done(_: object) -> None:
        with finished.get_lock():
            finished.value += 1

    stop: _Stop | None = None
    jobs = None
    try:
        adopt(rt)  # dead workers' locks, jobs a Dask worker still runs for us, jobs a dead process left
        if scheduler:
            from bot.scheduler import Scheduler

            jobs = Scheduler(rt).start()  # runs monitors only while it holds the lease; else it stands by
        while stop is None:
            item = tasks.get()
            if isinstance(item, _Stop):
                stop = item
            else:
                rt.run(item).add_done_callback(done)
    finally:
        try:
            if jobs is not None:
                jobs.stop()
        finally:
            rt.shutdown(cancel_queued=stop is not None and stop.cancel_queued)


def acks_first(last_request: Any) -> None:
    """Return once the web process has had no request for `QUIET_S`, or after `ACKS_FIRST_MAX_S`; sleeps meanwhile."""
    deadline = time.monotonic() + ACKS_FIRST_MAX_S
    while (now := time.monotonic()) < deadline:
        busy_for = QUIET_S - (now - last_request.value)
        if busy_for <= 0:
            return
        time.sleep(min(busy_for, deadline - now))


def _exit_with_parent() -> None:
    """Exit the moment the web process is gone (even killed with SIGKILL): no work without someone to ack it."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        from multiprocessing.connection import wait

        wait([parent.sentinel])
        log.warning("the web process is gone: the work process exits")
        os._exit(3)

    threading.Thread(target=watch, name="mlops-parent-watch", daemon=True).start()
