"""Acks first: work that follows an ack waits while the event loop has requests to answer.

What follows an ack (the replay claim, the job row, rendering, posting) runs on the web process's threads and
shares one GIL with the event loop that acks. Under a burst of commands that work took most of the loop's time
(help/status/train acks 2-3x a bare Bolt app at p99, `benchmarks/bench_ack.py`). Slack needs the ack within 3 s;
the rest has no deadline, so each step of it first waits until the loop has been idle (blocked waiting for
sockets) for a moment, at most `max_wait_s`, so a steady stream of requests delays results but never starves them.

The loop's idleness is read from its selector: asyncio's loop blocks in `selector.select(timeout)` with a
timeout > 0 (or None) only when it has nothing ready to run. Another loop implementation (no `_selector`) leaves
the gate open: work then runs as soon as it is handed over, as before.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

IDLE_FOR_S = 0.002  # a loop blocked this long has answered what it had; shorter gaps are between two requests
POLL_S = 0.001


class AcksFirst:
    def __init__(self, *, max_wait_s: float = 0.5) -> None:
        self.max_wait_s = max_wait_s
        self._idle_since: float | None = 0.0  # monotonic time the loop started waiting; None while it works
        self._installed = False
        self._lock = threading.Lock()

    async def middleware(self, next: Any) -> Any:  # noqa: A002 - Bolt's name
        """Bolt middleware: on the first request, start watching the loop it arrived on."""
        if not self._installed:
            self.watch(asyncio.get_running_loop())
        return await next()

    def watch(self, loop: asyncio.AbstractEventLoop) -> None:
        with self._lock:
            selector = getattr(loop, "_selector", None)
            if self._installed or selector is None:
                return
            real = selector.select

            def select(timeout: float | None = None) -> Any:
                if timeout is None or timeout > 0:  # nothing ready: the loop is about to wait
                    self._idle_since = time.monotonic()
                try:
                    return real(timeout)
                finally:
                    self._idle_since = None

            selector.select = select
            self._installed = True

    def wait(self) -> None:
        """Called on a work thread before a step: return once the loop is idle, or after `max_wait_s`."""
        if not self._installed:
            return
        deadline = time.monotonic() + self.max_wait_s
        while time.monotonic() < deadline:
            since = self._idle_since
            if since is not None and time.monotonic() - since >= IDLE_FOR_S:
                return
            time.sleep(POLL_S)  # sleeping releases the GIL to the loop
