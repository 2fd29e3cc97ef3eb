"""The web process hands work to its work process: a queue of tasks, a process started, watched and stopped.

`serve`'s web process (Bolt on uvicorn or Socket Mode) verifies, parses, acks and puts a `Task` on the queue; the
work process runs it on a runtime of its own (tools/work/runtime.py): the replay claim, the job on the executor
(its local pool's processes are the work process's children), following it, rendering and posting, and the
scheduler. In the web process that work took the acks' GIL under a burst of commands; here it competes only for
the CPU, and the acks come first twice over: the work process runs at a lower priority (`MLOPS_WORK_NICENESS`),
and a task waits to start while the web process is in the middle of a burst of requests (no quiet moment of
`QUIET_S` since the last one), at most `ACKS_FIRST_MAX_S`: a burst is acked first and answered right after, and a
steady stream delays answers by at most a second, never starves them.

Lifetimes: the web process starts it and, when it stops, tells it to finish (queued work included, unless told to
cancel it) and waits; the work process ignores SIGINT/SIGTERM (a Ctrl-C reaches the whole process group, and the
web process decides when the work stops). If the web process dies, the work process exits at once: its jobs are
then taken over like any dead process's at the next start. If the work process dies, the web process starts
another, whose start closes the dead one's jobs and turns their "Working…" messages into "Interrupted".

What runs in the work process is the surface's business: `WorkProcess` is given a `start` function (importable,
plain-data arguments) that builds the runtime there and starts its services.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import BaseModel, ConfigDict

from tools.work.handover import Handover, received
from tools.work.owner import exit_with_parent

if TYPE_CHECKING:
    from tools.context import Context
    from tools.work.runtime import Runtime

log = logging.getLogger("mlops.serve")
STOP_TIMEOUT_S = 600.0  # a training in progress is waited for; past this the process is killed
RESTART_PAUSE_S = 1.0  # a process that dies at start is not restarted in a tight loop
QUIET_S = 0.005  # requests in a burst arrive a millisecond or so apart; this long without one, the burst is over
ACKS_FIRST_MAX_S = 1.0  # Slack needs the ack in 3 s; the answer may wait this long for a burst to end


class RequestId(BaseModel):
    """A signed request's identity (Slack's signature has no nonce): the work it set off runs only for the first
    delivery of it, which one INSERT in the state DB decides where the work runs, never on the ack's path."""

    model_config = ConfigDict(frozen=True)

    timestamp: str
    signature: str


class Task(BaseModel):
    """A call of a module-level function, as data that can cross processes: `fn(runtime, *args, **kwargs)`, so
    `fn` must be importable (pickled by reference) and its arguments plain data."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    fn: Callable[..., None]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = {}
    quick: bool = False  # help, cancel and other inline tools: their own threads, never behind long jobs
    request: RequestId | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # A pydantic model pickles its whole state (13 us for a task, 2 us as plain data), paid on every ack.
        request = None if self.request is None else (self.request.timestamp, self.request.signature)
        return _unpickle_task, (self.fn, self.args, self.kwargs, self.quick, request)


def _unpickle_task(fn: Callable[..., None], args: tuple[Any, ...], kwargs: dict[str, Any], quick: bool,
                   request: tuple[str, str] | None) -> Task:
    identity = None if request is None else RequestId(timestamp=request[0], signature=request[1])
    return Task(fn=fn, args=args, kwargs=kwargs, quick=quick, request=identity)


class Submitter(Protocol):
    """What listeners hand their work to: a `Runtime` (threads here) or a `WorkProcess` (the work process)."""

    def submit(self, fn: Callable[..., None], *args: Any, quick: bool = False, **kwargs: Any) -> object: ...


# The identity of the request being handled: set by the surface's middleware, read by `submit` on the event loop
# (Bolt runs the listener in a task made from the middleware's context, so the value follows the request).
_request: ContextVar[RequestId | None] = ContextVar("mlops_request", default=None)


def handling(request: RequestId | None) -> None:
    """Note the identity of the signed request now being handled, for the task its listener will hand over."""
    _request.set(request)


def pending_request() -> RequestId | None:
    """The identity of the signed request being handled here, if it has one."""
    return _request.get()


class _Stop:
    """The last item on the queue: finish what is queued (or drop it) and exit."""

    def __init__(self, *, cancel_queued: bool) -> None:
        self.cancel_queued = cancel_queued


class WorkProcess:
    """The web process's end: hand tasks over, know how many are done, keep the process alive, stop it."""

    def __init__(self, ctx: Context, start: Callable[..., Runtime], *start_args: Any, niceness: int = 0,
                 console: int | None = None) -> None:
        """`start(ctx, *start_args)` builds the runtime in the work process (and starts its services); it and its
        arguments cross to that process, so `start` is a module-level function and the arguments plain data."""
        self._spawn = multiprocessing.get_context("spawn")  # never fork a process running an event loop's threads
        self._start_args = (ctx.config.model_dump(mode="json"), ctx.config.source_path,
                            ctx.paths.model_copy(update={"home": ctx.paths.home.resolve()}).model_dump(mode="json"),
                            os.getcwd(), start, start_args, niceness, console)
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
        """Hand `fn(runtime, *args, **kwargs)` to the work process; returns at once (the hand-over never blocks: on
        an event loop it sends the tasks of one loop iteration together), so an ack never waits for the work
        process."""
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
            self._tasks.put(_Stop(cancel_queued=cancel_queued), now=True)  # below we wait: no loop may run meanwhile
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

    def _launch(self) -> None:
        self._tasks = Handover(self._spawn)
        self._process = self._spawn.Process(target=_main, args=(*self._start_args, self._tasks.reader,
                                                                self._finished, self._last_request),
                                            name="mlops-work", daemon=False)
        self._process.start()
        self._tasks.started()
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
                self._tasks.close(flush=False)  # its reader is gone: nothing more will be read from that pipe
                self.restarts += 1
                self._launch()


def _main(config: dict[str, Any], config_source: str, paths: dict[str, Any], cwd: str, start: Callable[..., Runtime],
          start_args: tuple[Any, ...], niceness: int, console: int | None, tasks: Any, finished: Any,
          last_request: Any) -> None:
    """The work process: a runtime of its own, fed from the queue until told to stop or orphaned."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    exit_with_parent()  # no work without a web process to ack it
    lower_priority(niceness)  # its local pool's processes inherit it
    os.chdir(cwd)  # relative data paths in the config mean what they mean for `serve`

    from tools import logs
    from tools.config import parse_config
    from tools.context import Context
    from tools.settings import Paths

    paths_ = Paths(**paths)
    logs.setup(paths_.home, console=console)  # the same log file, and the terminal when `serve` prints to it
    ctx = Context(config=parse_config(config, source_path=config_source), paths=paths_)
    runtime = start(ctx, *start_args)
    runtime.before_task = lambda: acks_first(last_request)

    def done(_: object) -> None:
        with finished.get_lock():
            finished.value += 1

    stop: _Stop | None = None
    try:
        for item in received(tasks):  # ends early if the web process is gone (exit_with_parent ends this one too)
            if isinstance(item, _Stop):
                stop = item
                break
            runtime.run(item).add_done_callback(done)
    finally:
        runtime.shutdown(cancel_queued=stop is not None and stop.cancel_queued)


def lower_priority(niceness: int) -> None:
    """Below the acks: `niceness`, and at the lowest (19) the kernel's idle class too where there is one (Linux's
    SCHED_IDLE): the work then runs on CPU time the acks do not want, and a waking ack is placed on a core as if the
    work were not there. Not allowed here: it still works, only without the priority."""
    try:
        os.nice(niceness)
        if niceness >= 19 and hasattr(os, "SCHED_IDLE"):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
    except OSError:
        pass


def acks_first(last_request: Any) -> None:
    """Return once the web process has had no request for `QUIET_S`, or after `ACKS_FIRST_MAX_S`; sleeps meanwhile."""
    deadline = time.monotonic() + ACKS_FIRST_MAX_S
    while (now := time.monotonic()) < deadline:
        busy_for = QUIET_S - (now - last_request.value)
        if busy_for <= 0:
            return
        time.sleep(min(busy_for, deadline - now))
