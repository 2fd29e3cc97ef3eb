"""The work process's gate: a task waits while the web process is in a burst of requests, never for ever."""

from __future__ import annotations

import threading
import time
from ctypes import c_double
from multiprocessing.sharedctypes import RawValue

import pytest

from tools.work import queue
from tools.work.queue import acks_first


def _burst(last_request: object, stop: threading.Event) -> threading.Thread:
    def arrive() -> None:
        while not stop.is_set():
            last_request.value = time.monotonic()  # type: ignore[attr-defined]
            time.sleep(0.001)

    thread = threading.Thread(target=arrive, daemon=True)
    thread.start()
    return thread


def test_no_request_lately_means_no_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queue, "ACKS_FIRST_MAX_S", 60.0)  # a wait would last a minute: far above any hiccup
    last_request = RawValue(c_double, time.monotonic() - 120)
    started = time.monotonic()
    acks_first(last_request)
    assert time.monotonic() - started < 30


def test_a_task_waits_for_the_burst_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    # A quiet spell of 0.5 s (not 5 ms): on a loaded machine the thread playing the requests may itself be held up
    # for milliseconds, which would end its "burst". Without it, the wait would end 0.5 s after the start.
    monkeypatch.setattr(queue, "QUIET_S", 0.5)
    monkeypatch.setattr(queue, "ACKS_FIRST_MAX_S", 30.0)
    last_request = RawValue(c_double, time.monotonic())
    stop = threading.Event()
    thread = _burst(last_request, stop)
    waiting, done = threading.Event(), threading.Event()
    threading.Thread(target=lambda: (waiting.set(), acks_first(last_request), done.set()), daemon=True).start()
    assert waiting.wait(10), "the task never started waiting"  # so the check below cannot pass before it starts
    assert not done.wait(1.5), "returned while requests kept arriving"
    stop.set()
    thread.join()
    assert done.wait(10), "still waiting after the burst ended"


def test_a_steady_stream_delays_a_task_by_at_most_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queue, "QUIET_S", 120.0)  # never reached: only the limit can end the wait
    monkeypatch.setattr(queue, "ACKS_FIRST_MAX_S", 1.0)
    last_request = RawValue(c_double, time.monotonic())
    stop = threading.Event()
    thread = _burst(last_request, stop)
    try:
        started = time.monotonic()
        acks_first(last_request)
        waited = time.monotonic() - started
    finally:
        stop.set()
        thread.join()
    assert 1.0 <= waited < 60, "the limit ends the wait (without it the task would wait two minutes)"
