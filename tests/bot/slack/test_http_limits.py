"""`serve`'s /slack/events refuses what cannot be Slack's on its headers, before reading a byte of the body: a stale
timestamp (401), a body over 1 MB (413) and a body without a Content-Length (411, chunked: Slack always sends a
length); /healthz keeps answering meanwhile, and chunked 300 MB bodies cost the server no memory."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

import httpx

from tests.support.raw_http import raw_request, send_huge
from tests.support import slack_requests as sr
from tests.support.servers import BackgroundServer

SECRET = "limits-signing-secret"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _slack_app() -> Any:
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.authorization import AuthorizeResult

    async def authorize(**_: Any) -> AuthorizeResult:  # no Web API call: only the HTTP boundary is under test
        return AuthorizeResult(enterprise_id=None, team_id="T1", bot_token="xoxb-test", bot_user_id="UBOT", bot_id="B1")

    app = AsyncApp(signing_secret=SECRET, authorize=authorize)

    @app.command("/mlops")
    async def mlops(ack: Any) -> None:
        await ack("ok")

    return app


def test_stale_oversized_and_streamed_bodies_are_refused_before_the_body_is_read() -> None:
    from bot.slack.http import http_app

    body = b"command=%2Fmlops&text=help&user_id=U1&channel_id=C1&team_id=T1&trigger_id=1.2"
    with BackgroundServer(http_app(_slack_app()), _free_port()) as server, httpx.Client(timeout=60) as http:
        fresh = http.post(f"{server.url}/slack/events", content=body, headers=sr.sign(body, secret=SECRET))
        assert fresh.status_code == 200 and fresh.text == "ok"  # a real Slack request still goes through Bolt
        forged = http.post(f"{server.url}/slack/events", content=body,
                           headers={**sr.sign(body, secret=SECRET), "X-Slack-Signature": "v0=00"})
        assert forged.status_code == 401
        stale = http.post(f"{server.url}/slack/events", content=body,
                          headers=sr.sign(body, secret=SECRET, timestamp=sr.stale_timestamp()))
        assert stale.status_code == 401 and "stale" in stale.text

        # 200 MB declared, a few bytes sent: refused on the headers, while /healthz answers another client.
        head = (f"POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slack-Request-Timestamp: {int(time.time())}\r\n"
                f"X-Slack-Signature: v0=00\r\nContent-Type: {sr.FORM}\r\nContent-Length: {200 * 1024 * 1024}\r\n\r\n")
        status, answer = raw_request(server.port, head, b"command=")
        assert status == 413 and b"larger than 1048576 bytes" in answer

        # Streamed without a length: refused with 411 on its headers. An upload never holds up /healthz.
        health: list[int] = []

        def probe() -> None:
            with httpx.Client(timeout=30) as other:
                for _ in range(5):
                    health.append(other.get(f"{server.url}/healthz").status_code)
                    time.sleep(0.05)

        prober = threading.Thread(target=probe)
        prober.start()
        streamed = http.post(f"{server.url}/slack/events", content=(b"x" * 65536 for _ in range(40)),
                             headers={**sr.sign(b"", secret=SECRET), "Content-Type": sr.FORM})
        prober.join()
        assert streamed.status_code == 411 and streamed.headers["connection"] == "close"
        assert health == [200] * 5
        bad_length = raw_request(server.port, f"POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slack-Request-Timestamp: "
                                              f"{int(time.time())}\r\nContent-Length: 1e9\r\n\r\n")
        assert bad_length[0] == 400


def test_chunked_300_mb_bodies_cost_the_server_no_memory() -> None:
    """Several 300 MB bodies sent without a length, one after another, to uvicorn as `serve` runs it (in this process,
    so its RSS is the server's): each is answered 411 after a few MiB, and the resident set does not grow."""
    import gc

    import psutil

    from bot.slack.http import http_app

    mib = 1024 * 1024
    process = psutil.Process()
    with BackgroundServer(http_app(_slack_app()), _free_port()) as server:
        head = (f"POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slack-Request-Timestamp: {int(time.time())}\r\n"
                f"X-Slack-Signature: v0=00\r\nContent-Type: {sr.FORM}\r\nTransfer-Encoding: chunked\r\n\r\n")
        assert send_huge(server.port, head, mb=300, chunked=True)[0] == 411  # warm: imports, first connection
        gc.collect()
        gc.disable()  # as rarely as a long-running process with a large heap collects: nothing may rely on it
        try:
            before = process.memory_info().rss
            for _ in range(6):
                status, sent = send_huge(server.port, head, mb=300, chunked=True)
                assert status == 411 and sent < 16 * mib, (status, sent / mib)
            growth = (process.memory_info().rss - before) / mib
        finally:
            gc.enable()
        with httpx.Client(timeout=30) as http:
            assert http.get(f"{server.url}/healthz").status_code == 200
    assert growth < 16, growth


def test_refuse_early_decides_on_headers_alone() -> None:
    from bot.slack.http import MAX_BODY_BYTES, refuse_early

    now = 1_700_000_000.0
    assert refuse_early(str(int(now)), "100", now=now) is None
    assert refuse_early(str(int(now) - 299), None, now=now) is None
    assert refuse_early(None, "100", now=now) == (401, "invalid request timestamp")
    assert refuse_early("12ab", "100", now=now)[0] == 401  # type: ignore[index]
    assert refuse_early(str(int(now) - 301), "100", now=now) == (401, "stale request timestamp")
    assert refuse_early(str(int(now) + 301), "100", now=now) == (401, "stale request timestamp")
    assert refuse_early(str(int(now)), str(MAX_BODY_BYTES + 1), now=now)[0] == 413  # type: ignore[index]
    assert refuse_early(str(int(now)), str(MAX_BODY_BYTES), now=now) is None
    assert refuse_early(str(int(now)), None, now=now, transfer_encoding="chunked") == (411, "content-length required")
    assert refuse_early(str(int(now) - 301), None, now=now, transfer_encoding="chunked")[0] == 401  # type: ignore[index]
    assert json.dumps(refuse_early(str(int(now)), "-5", now=now)) == json.dumps([400, "invalid content-length"])
