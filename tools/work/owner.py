"""Which process does the work: its identity (host, pid, start time), whether it is still alive, and how a child
ends with its parent. One place for what locks, jobs, the scheduler and the work processes each needed."""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import threading
import time

from pydantic import BaseModel

log = logging.getLogger("mlops.work")
_DEAD = "dead"
PARENT_POLL_S = 0.5


class ProcessId(BaseModel):
    """A process on some host; `started` (the kernel's start time) tells a reused pid from the original."""

    host: str
    pid: int
    started: str | None

    @classmethod
    def current(cls) -> ProcessId:
        return cls(host=socket.gethostname(), pid=os.getpid(), started=_process_started(os.getpid()))

    def alive(self) -> bool | None:
        """True/False for a process on this host; None when it lives elsewhere and only its heartbeat can tell."""
        if self.host != socket.gethostname():
            return None
        started = _process_started(self.pid)
        if started == _DEAD:
            return False
        if started is None:  # no /proc: only whether the pid exists can be told
            return not _gone(self.pid)
        return self.started is None or started == self.started


def process_name() -> str:
    """This process as people read it in logs, job rows and `status`: host:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def dead_here(name: str) -> bool:
    """True when `name` (host:pid) is a process of this host that no longer exists (never this process)."""
    host, _, pid = name.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit() or int(pid) == os.getpid():
        return False
    return _gone(int(pid))


def exit_with_parent(*, code: int = 3) -> None:
    """End this process the moment the process that started it is gone (even killed with SIGKILL): a child left
    behind would hold memory, its parent's pipes and any lease of the work it was doing."""
    parent = multiprocessing.parent_process()

    def watch() -> None:
        if parent is not None:
            from multiprocessing.connection import wait

            wait([parent.sentinel])
        else:  # not started by multiprocessing: re-parented means orphaned
            first = os.getppid()
            while os.getppid() == first:
                time.sleep(PARENT_POLL_S)
        log.warning("the process that started this one is gone: exiting")
        os._exit(code)

    threading.Thread(target=watch, name="mlops-parent-watch", daemon=True).start()


def _process_started(pid: int) -> str | None:
    """The kernel's start time of `pid` in clock ticks since boot (Linux), `_DEAD`, or None without /proc."""
    if not os.path.isdir("/proc/self"):
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return _DEAD
    if fields[0] in (b"Z", b"X"):  # killed and not yet reaped by its parent: it will never beat again
        return _DEAD
    return fields[19].decode()  # field 22 of stat(5), counted after the command name


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by someone else
        return False
    return False
