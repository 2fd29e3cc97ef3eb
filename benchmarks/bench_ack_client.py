"""The ack benchmark's load generator: a client *process* that fires signed requests (so it never holds the server's
GIL) and FakeSlack in its own process (Slack's API is never inside the bot's process in production).

The client is a minimal asyncio HTTP/1.1 keep-alive client by default (on 2 shared cores httpx's own overhead
shows up in the figures; `--client httpx` to use it). Latency is request written -> full HTTP response read.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Self


def _raw_request(host: str, port: int, path: str, body: bytes, headers: dict[str, str]) -> bytes:
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}:{port}", f"Content-Length: {len(body)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = None
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        parts = []
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16):
            parts.append(await reader.readexactly(size))
            await reader.readexactly(2)
        await reader.readuntil(b"\r\n")
        return status, b"".join(parts)
    return status, await reader.readexactly(length or 0)


async def _open(url: str, requests: list[tuple[bytes, dict[str, str]]], concurrency: int) -> tuple[list[bytes], list[Any]]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path
    wire = [_raw_request(host, port, path, body, headers) for body, headers in requests]
    return wire, [await asyncio.open_connection(host, port) for _ in range(min(concurrency, len(wire)))]


async def _drive(wire: list[bytes], conns: list[Any], indices: range, out: dict[str, Any]) -> None:
    """Send `wire[i]` for i in `indices` over the open connections, each taking the next request as soon as its
    previous response is read (a closed loop); latencies, statuses and bodies land in `out` at their index."""
    next_index = iter(indices)  # a shared iterator: whichever connection is free takes the next request

    async def worker(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for i in next_index:
            t0 = time.perf_counter()
            writer.write(wire[i])
            status, payload = await _read_response(reader)
            out["latencies"][i] = time.perf_counter() - t0
            out["statuses"][i], out["bodies"][i] = status, payload

    started = time.perf_counter()
    await asyncio.gather(*(worker(r, w) for r, w in conns))
    out["wall"] += time.perf_counter() - started


def _result(n: int) -> dict[str, Any]:
    return {"latencies": [0.0] * n, "statuses": [0] * n, "bodies": [b""] * n, "wall": 0.0}


def _finish(out: dict[str, Any], conns: list[Any]) -> dict[str, Any]:
    for _, w in conns:
        w.close()
    bodies = out.pop("bodies")
    return {**out, "sample": bodies[-1][:200].decode()}


async def _fire_raw(url: str, requests: list[tuple[bytes, dict[str, str]]], concurrency: int) -> dict[str, Any]:
    wire, conns = await _open(url, requests, concurrency)
    out = _result(len(wire))
    await _drive(wire, conns, range(len(wire)), out)
    return _finish(out, conns)


async def _fire_paired(targets: list[tuple[str, list[tuple[bytes, dict[str, str]]]]], concurrency: int,
                       chunk: int) -> list[dict[str, Any]]:
    """Several servers measured over the same moments of the machine: their requests go in alternating chunks of
    `chunk` (A B, then B A, then A B… so neither always follows the other), each over its own keep-alive
    connections opened before the clock. A slow moment of a shared 2-core machine then falls on every server alike,
    instead of on whichever was measured at that moment."""
    opened = [await _open(url, requests, concurrency) for url, requests in targets]
    outs = [_result(len(wire)) for wire, _ in opened]
    longest = max(len(wire) for wire, _ in opened)
    for n, start in enumerate(range(0, longest, chunk)):
        order = list(range(len(opened)))
        for k in order if n % 2 == 0 else order[::-1]:
            wire, conns = opened[k]
            await _drive(wire, conns, range(start, min(start + chunk, len(wire))), outs[k])
    return [_finish(out, conns) for out, (_, conns) in zip(outs, opened, strict=True)]


async def _fire_httpx(url: str, requests: list[tuple[bytes, dict[str, str]]], concurrency: int) -> dict[str, Any]:
    import httpx

    latencies: list[float] = [0.0] * len(requests)
    statuses: list[int] = [0] * len(requests)
    sample = ""
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=10) as client:
        gate = asyncio.Semaphore(concurrency)

        async def one(i: int) -> None:
            nonlocal sample
            body, headers = requests[i]
            async with gate:
                t0 = time.perf_counter()
                response = await client.post(url, content=body, headers=headers)
                latencies[i] = time.perf_counter() - t0
            statuses[i], sample = response.status_code, response.text[:200]

        started = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(len(requests))))
        wall = time.perf_counter() - started
    return {"latencies": latencies, "statuses": statuses, "wall": wall, "sample": sample}


def _client_main(conn: Any, kind: str) -> None:
    """Child process loop: receive (url, requests, concurrency), fire them, send back the timings."""
    fire = _fire_httpx if kind == "httpx" else _fire_raw
    while True:
        job = conn.recv()
        if job is None:
            return
        try:
            if job[0] == "paired":
                if kind == "httpx":
                    raise ValueError("paired rounds use the raw client")
                conn.send(asyncio.run(_fire_paired(*job[1:])))
            else:
                conn.send(asyncio.run(fire(*job[1:])))
        except Exception as exc:  # noqa: BLE001 - reported to the parent rather than hanging it
            conn.send({"error": repr(exc)})


def _fake_main(conn: Any, niceness: int) -> None:
    """Child process: FakeSlack until told to stop. Slack's API is never in the bot's process in production, nor
    on its machine: `niceness` keeps the fake's CPU (one HTTP request per post) from coming out of the acks'."""
    import os

    from tests.support.fake_slack import FakeSlack

    os.nice(niceness)

    with FakeSlack() as fake:
        conn.send((fake.api_url, fake.response_url()))
        conn.recv()
        conn.send(len(fake.calls))


class RemoteFake:
    def __init__(self, *, niceness: int = 0) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_fake_main, args=(child, niceness), daemon=True, name="bench-fake-slack")
        self.proc.start()
        self.api_url, self._response_url = self.conn.recv()
        self.calls = 0

    def response_url(self) -> str:
        return self._response_url

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.send(None)
        self.calls = self.conn.recv()
        self.proc.join(timeout=5)


class Client:
    def __init__(self, kind: str) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("spawn")  # not fork: the parent has server threads running
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_client_main, args=(child, kind), daemon=True, name="bench-client")
        self.proc.start()

    def fire(self, url: str, requests: list[tuple[bytes, dict[str, str]]], concurrency: int) -> dict[str, Any]:
        self.conn.send(("one", url, requests, concurrency))
        result = self.conn.recv()
        if "error" in result:
            raise RuntimeError(f"client failed: {result['error']}")
        return result

    def fire_paired(self, targets: list[tuple[str, list[tuple[bytes, dict[str, str]]]]], concurrency: int,
                    chunk: int) -> list[dict[str, Any]]:
        """Each target's results, its requests interleaved with the others' in chunks (see `_fire_paired`)."""
        self.conn.send(("paired", targets, concurrency, chunk))
        result = self.conn.recv()
        if isinstance(result, dict):
            raise RuntimeError(f"client failed: {result['error']}")
        return result

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(timeout=5)
