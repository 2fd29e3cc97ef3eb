"""`serve`'s /slack/events refuses what cannot be Slack's on its headers, before reading a byte of the body: a stale
timestamp (401) and a body over 1 MB (413), declared or streamed; /healthz keeps answering meanwhile."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

import httpx

from tests.bot.serving.running import raw_request
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

        # Streamed without a length: cut off past 1 MB. A slow upload never holds up /healthz.
        health: list[int] = []

        def probe() -> None:
            with httpx.Client(timeout=30) as other:
                for _ in range(5):
                    health.append(other.get(f"{server.url}/healthz").status_code)
                    time.sleep(0.05)

        def chunks() -> Any:
            prober = threading.Thread(target=probe)
            prober.start()
            for _ in range(40):
                yield b"x" * 65536
            prober.join()

        streamed = http.post(f"{server.url}/slack/events", content=chunks(),
                             headers={**sr.sign(b"", secret=SECRET), "Content-Type": sr.FORM})
        assert streamed.status_code == 413
        assert health == [200] * 5
        bad_length = raw_request(server.port, f"POST /slack/events HTTP/1.1\r\nHost: x\r\nX-Slack-Request-Timestamp: "
                                              f"{int(time.time())}\r\nContent-Length: 1e9\r\n\r\n")
        assert bad_length[0] == 400


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
    assert json.dumps(refuse_early(str(int(now)), "-5", now=now)) == json.dumps([400, "invalid content-length"])
