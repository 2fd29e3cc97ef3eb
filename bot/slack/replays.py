"""Replayed signed requests run nothing and post nothing, without the ack waiting for the state DB.

Slack's signature has no nonce and a slash command no event id, so (timestamp, signature) is a request's identity.
The claim that makes a delivery the first one is one INSERT in the state DB (every replica sees it), and at
concurrency 20 on SQLite those writes queue: awaited before the ack they were most of its tail (p99 8.7-10x a bare
Bolt app). So the middleware only notes the request's identity; the ack goes out at once, and the task the
listener hands over carries the identity to where it runs (tools/work/runtime.py), which claims it before it dispatches or
posts anything. A replay reaching the replica that saw the original is refused before the ack (200, empty body,
from a small in-memory record); one reaching another replica is acked like any command but its claim loses, so
nothing runs and nothing is posted.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from tools.state.claims import KEEP
from tools.work.queue import RequestId, handling

log = logging.getLogger("mlops.slack")
RECENT_MAX = 50_000  # the in-memory record is a shortcut only (the DB claim decides), so it may forget early
KEEP_REQUESTS = KEEP["request"]


class ReplayGuard:
    """Bolt middleware (after Bolt's signature check) that refuses replays seen here before the ack, and marks
    the rest for the claim that follows it."""

    def __init__(self) -> None:
        self._recent: OrderedDict[tuple[str, str], float] = OrderedDict()  # identity -> monotonic time first seen
        self._lock = threading.Lock()

    def middleware(self) -> Any:
        """This guard as a Bolt middleware object, which Bolt calls directly: a function middleware would cost a
        keyword-argument injection on every request (a measurable share of an ack's CPU)."""
        from slack_bolt.middleware.async_middleware import AsyncMiddleware

        guard = self

        class Middleware(AsyncMiddleware):
            async def async_process(self, *, req: Any, resp: Any, next: Any) -> Any:  # noqa: A002 - Bolt's name
                return await guard.process(req, next)

        return Middleware()

    async def process(self, req: Any, next: Any) -> Any:  # noqa: A002 - Bolt's name
        from slack_bolt.response import BoltResponse

        timestamp = (req.headers.get("x-slack-request-timestamp") or [""])[0]
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        if timestamp and signature:
            if not self._first_here((timestamp, signature)):  # the DB claim hashes it; in memory it need not
                log.warning("refused a replayed request (timestamp %s)", timestamp)
                return BoltResponse(status=200, body="")  # 200, not an error: Slack must not retry it
            handling(RequestId(timestamp=timestamp, signature=signature))
        return await next()

    def _first_here(self, key: tuple[str, str]) -> bool:
        now = time.monotonic()
        with self._lock:
            while self._recent and (len(self._recent) >= RECENT_MAX
                                    or next(iter(self._recent.values())) < now - KEEP_REQUESTS.total_seconds()):
                self._recent.popitem(last=False)  # older than any timestamp Bolt still accepts
            if key in self._recent:
                return False
            self._recent[key] = now
            return True
