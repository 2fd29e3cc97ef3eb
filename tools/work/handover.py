"""The one-way pipe that carries tasks from the web process to its work process, written without a thread.

`multiprocessing.Queue` hands every item to a feeder thread that pickles and writes it: under a burst of slash
commands that thread wakes once per ack and takes the GIL from the event loop that is acking the next one, and
each write wakes the work process. Here the web process pickles the task itself and, on an event loop, writes the
frames of one loop iteration together once it has run, with a non-blocking write into a pipe grown to hold about
two thousand tasks; only when the pipe is full (the work process is behind) does the rest wait in memory for a
thread that writes it as the pipe drains, in order. The work process reads with
`Connection.recv`, whose framing (a 4-byte big-endian length, then the pickle) the frames here follow.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import select
import struct
import threading
from typing import Any

log = logging.getLogger("mlops.serve")
PIPE_BYTES = 1 << 20  # Linux's default ceiling for an unprivileged pipe (/proc/sys/fs/pipe-max-size)
FLUSH_POLL_S = 0.1  # how often the flushing thread looks again at a full pipe (and whether it is closing)


class Handover:
    """Made in the web process; `reader` goes to the work process (a spawn argument), the web process `put`s."""

    def __init__(self, context: Any) -> None:
        self.reader, self._writer = context.Pipe(duplex=False)
        self._fd = self._writer.fileno()
        os.set_blocking(self._fd, False)
        _grow(self._fd)
        self._batch = bytearray()  # frames put during this event loop iteration, written once it has run
        self._scheduled_on: asyncio.AbstractEventLoop | None = None  # the loop a write of the batch is due on
        self._pending = bytearray()  # frames that did not fit in the pipe, in order
        self._lock = threading.Condition()
        self._flusher: threading.Thread | None = None
        self._closed = False

    def started(self) -> None:
        """The work process has its copy of the reader: drop ours, so a write to a dead work process fails at once
        (EPIPE) instead of filling a pipe nobody reads."""
        self.reader.close()

    def put(self, item: object) -> None:
        """Queue `item` for the work process; never blocks. On an event loop the frames of one loop iteration are
        written together once it has run (a burst of acks wakes the work process once, not per ack)."""
        body = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        with self._lock:
            if self._closed:
                raise ValueError("the hand-over is closed")
            self._batch += struct.pack("!i", len(body)) + body
            if loop is None:  # a plain thread: now, behind anything batched before it
                self._send_batch()
            elif loop is not self._scheduled_on:  # another loop's pending write may never run: that loop may be gone
                self._scheduled_on = loop
                loop.call_soon(self._flush_batch)

    def _flush_batch(self) -> None:
        with self._lock:
            self._scheduled_on = None
            self._send_batch()

    def _send_batch(self) -> None:
        """Write the batch, or as much as fits; the rest waits for the flushing thread, in order. Lock held."""
        if not self._batch:
            return
        data, self._batch = self._batch, bytearray()
        if not self._pending:  # nothing waiting ahead of it: straight into the pipe
            data = data[self._write(data):]
            if not data:
                return
        self._pending += data
        if self._flusher is None:
            self._flusher = threading.Thread(target=self._flush, name="mlops-handover-flush", daemon=True)
            self._flusher.start()
        self._lock.notify()

    def close(self, *, flush: bool = True) -> None:
        """Stop taking tasks; with `flush`, first wait until what is pending is in the pipe (or the reader is gone)."""
        with self._lock:
            self._closed = True
            if flush:
                self._send_batch()
            else:
                self._batch.clear()
                self._pending.clear()
            self._lock.notify()
        if self._flusher is not None:
            self._flusher.join()
        self._writer.close()

    def _write(self, data: bytes | bytearray) -> int:
        """Write what fits now; the bytes written (all of them, as lost, when the work process has gone)."""
        try:
            return os.write(self._fd, data)
        except BlockingIOError:
            return 0
        except BrokenPipeError:  # the work process's watcher counts what it had not finished as lost
            log.error("the work process is gone: a task was not handed over")
            self._pending.clear()
            return len(data)

    def _flush(self) -> None:
        while True:
            with self._lock:
                while not self._pending and not self._closed:
                    self._lock.wait()
                if not self._pending:  # closed and nothing left
                    return
                del self._pending[:self._write(self._pending)]
                if not self._pending:
                    continue
            select.select([], [self._fd], [], FLUSH_POLL_S)  # the pipe has room again, or look again soon


def _grow(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or not allowed: the default 64 KiB still works
        pass
