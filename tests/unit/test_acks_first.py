"""Post-ack work waits while the event loop is busy answering, and goes ahead once it is idle (or after the cap)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import pytest

from bot.acks_first import AcksFirst


@pytest.fixture
def loop() -> Iterator[asyncio.AbstractEventLoop]:
    running = asyncio.new_event_loop()
    thread = threading.Thread(target=running.run_forever, daemon=True)
    thread.start()
    yield running
    running.call_soon_threadsafe(running.stop)
    thread.join(timeout=5)
    running.close()


def _watch(acks: AcksFirst, loop: asyncio.AbstractEventLoop) -> None:
    asyncio.run_coroutine_threadsafe(_install(acks), loop).result(timeout=5)


async def _install(acks: AcksFirst) -> None:
    acks.watch(asyncio.get_running_loop())


def test_work_waits_until_the_loop_has_finished_what_it_was_doing(loop: asyncio.AbstractEventLoop) -> None:
    acks = AcksFirst(max_wait_s=30)
    _watch(acks, loop)
    busy_until: list[float] = []

    def answering() -> None:  # a callback holding the loop (not waiting on sockets) for a while
        time.sleep(0.3)
        busy_until.append(time.monotonic())

    started = threading.Event()
    loop.call_soon_threadsafe(lambda: (started.set(), answering()))
    started.wait(timeout=5)
    acks.wait()
    went_ahead = time.monotonic()
    assert busy_until and went_ahead >= busy_until[0], "work started while the loop was still busy"
    assert went_ahead - busy_until[0] < 15, "an idle loop lets work through long before the cap"


def test_an_idle_loop_lets_work_through_and_a_busy_one_only_delays_it_up_to_the_cap(
        loop: asyncio.AbstractEventLoop) -> None:
    acks = AcksFirst(max_wait_s=0.5)
    _watch(acks, loop)
    started = time.monotonic()
    acks.wait()
    assert time.monotonic() - started < 0.4
    release, holding = threading.Event(), threading.Event()
    loop.call_soon_threadsafe(lambda: (holding.set(), release.wait(30)))  # the loop never idles until released
    holding.wait(timeout=5)
    started = time.monotonic()
    acks.wait()
    waited = time.monotonic() - started
    release.set()
    assert 0.5 <= waited < 10, "a loop that never idles delays work by the cap, not forever"


def test_without_a_watched_loop_work_is_not_held() -> None:
    acks = AcksFirst(max_wait_s=30)
    started = time.monotonic()
    acks.wait()
    assert time.monotonic() - started < 1
