"""The hand-over pipe: tasks arrive whole and in order, also when the pipe fills; a gone reader blocks no one."""

from __future__ import annotations

import multiprocessing
import threading

from tools.work.handover import Handover


def _spawn() -> Handover:
    return Handover(multiprocessing.get_context("spawn"))


def test_items_arrive_in_order_when_the_pipe_fills_before_anyone_reads() -> None:
    pipe = _spawn()
    items = [{"n": n, "pad": "x" * 900} for n in range(3000)]  # about 3 MB: more than the pipe holds
    for item in items:
        pipe.put(item)  # never blocks: what does not fit waits for the flushing thread
    assert pipe._pending, "the pipe never filled, so the overflow path was not exercised"
    received = [pipe.reader.recv() for _ in items]
    pipe.close()
    assert received == items


def test_close_delivers_what_is_still_pending() -> None:
    pipe = _spawn()
    received: list[object] = []
    for n in range(3000):
        pipe.put(("task", n, "y" * 900))
    reading = threading.Thread(target=lambda: received.extend(pipe.reader.recv() for _ in range(3000)))
    reading.start()
    pipe.close()  # returns once everything pending is in the pipe
    reading.join(timeout=60)
    assert received == [("task", n, "y" * 900) for n in range(3000)]


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
    assert [pipe.reader.recv() for _ in range(5)] == [0, 1, 2, 3, 4]

    async def then_a_thread() -> None:
        pipe.put("from the loop")
        threading.Thread(target=pipe.put, args=("from a thread",)).start()  # sends what the loop batched first

    asyncio.run(then_a_thread())
    assert [pipe.reader.recv(), pipe.reader.recv()] == ["from the loop", "from a thread"]
    pipe.close()


def test_a_task_crosses_the_pipe_equal_to_itself() -> None:
    from tools.parse import parse
    from tools.work.queue import RequestId, Task

    task = Task(fn=print, args=(parse("status cancer"),), kwargs={"text": "status cancer"}, quick=True,
                request=RequestId(timestamp="1765000000", signature="v0=abc"))
    pipe = _spawn()
    pipe.put(task)
    pipe.close()
    assert pipe.reader.recv() == task
