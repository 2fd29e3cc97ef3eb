"""The one-way pipe that carries tasks from the web process to its work process, written without a thread.

`multiprocessing.Queue` hands every item to a feeder thread that pickles and writes it: under a burst of slash
commands that thread wakes once per ack and takes the GIL from the event loop that is acking the next one, and
each write wakes the work process. Here, on an event loop, the items put during one loop iteration are pickled
together as one list once it has run (one pickle and one write for a burst of acks, where pickling each alone, its
code cold after a request's handling, cost more than the write) with a non-blocking write into a pipe grown to
hold about two thousand tasks; only when the pipe is full (the work process is behind) does the rest wait in
memory for a thread that writes it as the pipe drains, in order. Frames follow `Connection.recv`'s framing (a
4-byte big-endian length, then the pickle); the work process reads them with `received`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import select
import struct
import threading
from collections.abc import Iterator
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
        self._batch: list[object] = []  # items put during this event loop iteration, sent once it has run
        self._scheduled_on: asyncio.AbstractEventLoop | None = None  # the loop a send of the batch is due on
        self._pending = bytearray()  # frames that did not fit in the pipe, in order
        self._lock = threading.Condition()
        self._flusher: threading.Thread | None = None
        self._closed = False

    def started(self) -> None:
        """The work process has its copy of the reader: drop ours, so a write to a dead work process fails at once
        (EPIPE) instead of filling a pipe nobody reads."""
        self.reader.close()

    def put(self, item: object, *, now: bool = False) -> None:
        """Send `item` to the work process; never blocks. On an event loop it goes with the others put during the
        same loop iteration, once that has run; from a plain thread (or `now`) at once, behind anything put before
        it."""
        try:
            loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        with self._lock:
            if self._closed:
                raise ValueError("the hand-over is closed")
            self._batch.append(item)
            if loop is None or now:
                self._send_batch()
            elif loop is not self._scheduled_on:  # another loop's pending send may never run: that loop may be gone
                self._scheduled_on = loop
                loop.call_soon(self._flush_batch)

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

    def _flush_batch(self) -> None:
        with self._lock:
            self._scheduled_on = None
            self._send_batch()

    def _send_batch(self) -> None:
        """Write the batch as one frame, or as much as fits; the rest waits for the flushing thread. Lock held."""
        if not self._batch:
            return
        items, self._batch = self._batch, []
        body = _pickled(items)
        data = struct.pack("!i", len(body)) + body
        if not self._pending:  # nothing waiting ahead of it: straight into the pipe
            data = data[self._write(data):]
            if not data:
                return
        self._pending += data
        if self._flusher is None:
            self._flusher = threading.Thread(target=self._flush, name="mlops-handover-flush", daemon=True)
            self._flusher.start()
        self._lock.notify()

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


def received(reader: Any) -> Iterator[object]:
    """The work process's end: every item put, in order, until the web process has gone."""
    while True:
        try:
            batch = reader.recv()
        except EOFError:
            return
        yield from batch


def _pickled(items: list[object]) -> bytes:
    try:
        return pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - one item that cannot cross must not take the others with it
        kept = []
        for item in items:
            try:
                pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
                kept.append(item)
            except Exception:  # noqa: BLE001 - a bug in the caller: said in the log, the rest still runs
                log.exception("a task could not be handed to the work process: %r", item)
        return pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)


def _grow(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
    except (ImportError, AttributeError, OSError):  # not Linux, or not allowed: the default 64 KiB still works
        pass
