"""A local Slack Socket Mode endpoint: says `hello`, pushes envelopes to the app, records the app's acks.

Slack's protocol: the app calls `apps.connections.open` (on the Web API, here FakeSlack answers it with
`url`), opens that WebSocket, gets `{"type": "hello"}`, then receives envelopes (`slash_commands`,
`events_api`, `interactive`) and must answer each with `{"envelope_id": …, "payload": …}` within 3 s.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from types import TracebackType
from typing import Any

from tests.support.fake_slack import TEAM_DOMAIN, TEAM_ID


class FakeSocketMode:
    """ws://127.0.0.1:<free port>; `send()` pushes an envelope to every connected app."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._received: list[dict[str, Any]] = []
        self._connections = 0
        self._sockets: set[Any] = set()
        self._ids = itertools.count(1)
        self._loop = asyncio.new_event_loop()
        self._thread: threading.Thread | None = None
        self._server: Any = None
        self.port = 0

    # -- lifecycle -----------------------------------------------------------------------------------

    def start(self) -> FakeSocketMode:
        from websockets.asyncio.server import serve

        started = threading.Event()

        async def run() -> None:
            self._server = await serve(self._handle, "127.0.0.1", 0)
            self.port = self._server.sockets[0].getsockname()[1]
            started.set()
            await self._server.serve_forever()

        def main() -> None:
            asyncio.set_event_loop(self._loop)
            try:
                self._loop.run_until_complete(run())
            except asyncio.CancelledError:
                pass

        self._thread = threading.Thread(target=main, name="fake-socket-mode", daemon=True)
        self._thread.start()
        if not started.wait(10):
            raise RuntimeError("fake Socket Mode server did not start")
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._loop.call_soon_threadsafe(self._server.close)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server, self._thread = None, None

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/link/?ticket=fake-ticket&app_id=A0MLOPS"

    # -- what the test does --------------------------------------------------------------------------

    def wait_connected(self, timeout: float = 30.0) -> None:
        self._wait(lambda: self._connections > 0, timeout, "no app connected")

    def send(self, envelope_type: str, payload: dict[str, Any], *, accepts_response_payload: bool = True) -> str:
        """Push one envelope to the connected apps; returns its envelope_id."""
        envelope_id = f"env-{next(self._ids):04d}"
        envelope = {"envelope_id": envelope_id, "type": envelope_type, "payload": payload,
                    "accepts_response_payload": accepts_response_payload, "retry_attempt": 0, "retry_reason": ""}
        asyncio.run_coroutine_threadsafe(self._broadcast(json.dumps(envelope)), self._loop).result(timeout=5)
        return envelope_id

    def slash_command(self, text: str, *, user_id: str = "U_ADMIN", channel_id: str = "C_OPS",
                      response_url: str = "https://hooks.slack.invalid/commands/1") -> str:
        return self.send("slash_commands", {
            "token": "fake-verification-token", "team_id": TEAM_ID, "team_domain": TEAM_DOMAIN,
            "channel_id": channel_id, "channel_name": "ops", "user_id": user_id, "user_name": user_id.lower(),
            "command": "/mlops", "text": text, "api_app_id": "A0MLOPS", "is_enterprise_install": "false",
            "response_url": response_url, "trigger_id": "1337.42.fake"})

    def wait_for_ack(self, envelope_id: str, timeout: float = 60.0) -> dict[str, Any]:
        """The app's answer to `envelope_id` (the whole message: envelope_id and payload, if any)."""
        found: list[dict[str, Any]] = []

        def acked() -> bool:
            found[:] = [m for m in self._received if m.get("envelope_id") == envelope_id]
            return bool(found)

        self._wait(acked, timeout, f"no ack for {envelope_id}; received: {self._received}")
        return found[0]

    # -- server side ---------------------------------------------------------------------------------

    async def _handle(self, ws: Any) -> None:
        self._sockets.add(ws)
        await ws.send(json.dumps({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0MLOPS"},
                                  "debug_info": {"host": "fake-socket-mode", "approximate_connection_time": 3600}}))
        with self._cond:
            self._connections += 1
            self._cond.notify_all()
        try:
            async for raw in ws:
                try:
                    message = json.loads(raw)
                except ValueError:
                    message = {"raw": raw}
                with self._cond:
                    self._received.append(message)
                    self._cond.notify_all()
        except Exception:  # the app going away mid-frame is normal at shutdown
            pass
        finally:
            self._sockets.discard(ws)

    async def _broadcast(self, text: str) -> None:
        for ws in list(self._sockets):
            await ws.send(text)

    def _wait(self, done: Any, timeout: float, failure: str) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while not done():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(failure)
                self._cond.wait(remaining)
