"""The hand-over pipe: tasks arrive whole and in order, also when the pipe fills; a gone reader blocks no one."""

from __future__ import annotations

import multiprocessing
import threading
from itertools import islice

from tools.work.handover import Handover, received


def _spawn() -> Handover:
    return Handover(multiprocessing.get_context("spawn"))


def test_items_arrive_in_order_when_the_pipe_fills_before_anyone_reads() -> None:
    pipe = _spawn()
    items = [{"n": n, "pad": "x" * 900} for n in range(3000)]  # about 3 MB: more than the pipe holds
    for item in items:
        pipe.put(item)  # never blocks: what does not fit waits for the flushing thread
    assert pipe._pending, "the pipe never filled, so the overflow path was not exercised"
    got = list(islice(received(pipe.reader), len(items)))
    pipe.close()
    assert got == items


def test_close_delivers_what_is_still_pending() -> None:
    pipe = _spawn()
    got: list[object] = []
    for n in range(3000):
        pipe.put(("task", n, "y" * 900))
    reading = threading.Thread(target=lambda: got.extend(received(pipe.reader)))
    reading.start()
    pipe.close()  # returns once everything pending is in the pipe; the reader then sees the end
    reading.join(timeout=60)
    assert got == [("task", n, "y" * 900) for n in range(3000)]


def test_a_gone_reader_neither_blocks_nor_raises_and_close_returns() -> None:
    pipe = _spawn()
    pipe.started()  # the reader's only copy is closed, as when the work process has died
    for n in range(3000):
        pipe.put(n)
    pipe.close()
    assert not pipe._pending


def test_puts_on_an_event_loop_are_written_once_it_has_run_and_stay_in_order() -> None:
    import asyncio

    pipe = _spawn()

    async def burst() -> bool:
        for n in range(5):
            pipe.put(n)
        waiting = not pipe.reader.poll(0)  # batched: nothing in the pipe until this iteration of the loop has run
        await asyncio.sleep(0)
        return waiting

    assert asyncio.run(burst())
    assert pipe.reader.recv() == [0, 1, 2, 3, 4], "one frame for the loop iteration"

    async def then_a_thread() -> None:
        pipe.put("from the loop")
        threading.Thread(target=pipe.put, args=("from a thread",)).start()  # sends what the loop batched first

    asyncio.run(then_a_thread())
    assert list(islice(received(pipe.reader), 2)) == ["from the loop", "from a thread"]

    async def stop_now() -> bool:
        pipe.put("queued")
        pipe.put("stop", now=True)  # a caller about to block this loop: sent at once, with what was batched
        return pipe.reader.poll(0)

    assert asyncio.run(stop_now())
    assert pipe.reader.recv() == ["queued", "stop"]
    pipe.close()


def test_a_task_crosses_the_pipe_equal_to_itself() -> None:
    from tools.parse import parse
    from tools.work.queue import RequestId, Task

    task = Task(fn=print, args=(parse("status cancer"),), kwargs={"text": "status cancer"}, quick=True,
                request=RequestId(timestamp="1765000000", signature="v0=abc"))
    pipe = _spawn()
    pipe.put(task)
    pipe.put(lambda: None)  # cannot be pickled: logged and dropped, and the task beside it still crosses
    pipe.close()
    assert list(received(pipe.reader)) == [task]
