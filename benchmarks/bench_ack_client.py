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


async def _fire_raw(url: str, requests: list[tuple[bytes, dict[str, str]]], concurrency: int) -> dict[str, Any]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path
    wire = [_raw_request(host, port, path, body, headers) for body, headers in requests]
    conns = [await asyncio.open_connection(host, port) for _ in range(min(concurrency, len(wire)))]
    latencies: list[float] = [0.0] * len(wire)
    statuses: list[int] = [0] * len(wire)
    bodies: list[bytes] = [b""] * len(wire)
    next_index = iter(range(len(wire)))

    async def worker(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for i in next_index:  # a shared iterator: whichever connection is free takes the next request
            t0 = time.perf_counter()
            writer.write(wire[i])
            status, payload = await _read_response(reader)
            latencies[i] = time.perf_counter() - t0
            statuses[i], bodies[i] = status, payload

    started = time.perf_counter()
    await asyncio.gather(*(worker(r, w) for r, w in conns))
    wall = time.perf_counter() - started
    for _, w in conns:
        w.close()
    return {"latencies": latencies, "statuses": statuses, "wall": wall, "sample": bodies[-1][:200].decode()}


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
            conn.send(asyncio.run(fire(*job)))
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
        self.conn.send((url, requests, concurrency))
        result = self.conn.recv()
        if "error" in result:
            raise RuntimeError(f"client failed: {result['error']}")
        return result

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(timeout=5)
