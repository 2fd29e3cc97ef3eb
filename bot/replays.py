"""Replayed signed requests run nothing and post nothing, without the ack waiting for the state DB.

Slack's signature has no nonce and a slash command no event id, so (timestamp, signature) is a request's identity.
The claim that makes a delivery the first one is one INSERT in the state DB (every replica sees it), and at
concurrency 20 on SQLite those writes queue: awaited before the ack they were most of its tail (p99 8.7-10x a bare
Bolt app). So the middleware only starts the claim; the ack goes out at once, and the work the listener hands to
`Runtime.submit` waits for the claim's answer before it dispatches or posts anything. A replay reaching the replica
that saw the original is refused before the ack (200, empty body, from a small in-memory record); one reaching
another replica is acked like any command but its claim loses, so nothing runs and nothing is posted.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextvars import ContextVar
from typing import Any

from tools.context import Context
from tools.state.replay import KEEP_REQUESTS

log = logging.getLogger("mlops.slack")
CLAIM_WAIT_S = 60.0  # the claim is one INSERT; minutes of waiting would mean the state DB is gone
RECENT_MAX = 50_000  # the in-memory record is a shortcut only (the DB claim decides), so it may forget early

# The claim of the request being handled: set by the middleware, read by Runtime.submit on the event loop (Bolt runs
# the listener in a task made from the middleware's context, so the value follows the request, not a global).
_claim: ContextVar[Future[bool] | None] = ContextVar("mlops_replay_claim", default=None)


def pending_claim() -> Future[bool] | None:
    """The replay claim of the Slack request being handled here, if it has one."""
    return _claim.get()


def after_claim(claim: Future[bool], fn: Callable[..., None], *args: Any, **kwargs: Any) -> None:
    """Run `fn` only when its request won the claim: a replay does nothing at all."""
    try:
        first = claim.result(timeout=CLAIM_WAIT_S)
    except Exception:  # the state DB failed: do not run what might be a replay; the log says why
        log.exception("could not record a request as seen; its work was not run")
        return
    if not first:
        log.warning("refused a replayed request (seen on another replica)")
        return
    fn(*args, **kwargs)


class ReplayGuard:
    """Bolt middleware (after Bolt's signature check) that refuses replays off the ack's path."""

    def __init__(self, ctx: Context, *, before_claim: Callable[[], None] = lambda: None) -> None:
        self._ctx = ctx
        self._before_claim = before_claim  # e.g. wait until the event loop has answered what it has
        self._recent: OrderedDict[str, float] = OrderedDict()  # key -> monotonic time first seen here
        self._lock = threading.Lock()
        # Own threads: a claim never waits behind the event loop's default executor or our work pool.
        self._claims = ThreadPoolExecutor(max_workers=2, thread_name_prefix="mlops-claim")

    async def middleware(self, req: Any, resp: Any, next: Any) -> Any:  # noqa: A002 - Bolt's name
        from slack_bolt.response import BoltResponse

        timestamp = (req.headers.get("x-slack-request-timestamp") or [""])[0]
        signature = (req.headers.get("x-slack-signature") or [""])[0]
        if timestamp and signature:
            if not self._first_here(f"{timestamp}:{signature}"):
                log.warning("refused a replayed request (timestamp %s)", timestamp)
                return BoltResponse(status=200, body="")  # 200, not an error: Slack must not retry it
            _claim.set(self._claims.submit(self._claim_it, timestamp, signature))
        return await next()

    def shutdown(self) -> None:
        self._claims.shutdown(wait=True)

    def _claim_it(self, timestamp: str, signature: str) -> bool:
        self._before_claim()
        return self._ctx.state.first_delivery(timestamp, signature)

    def _first_here(self, identity: str) -> bool:
        key = hashlib.sha256(identity.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            while self._recent and (len(self._recent) >= RECENT_MAX
                                    or next(iter(self._recent.values())) < now - KEEP_REQUESTS.total_seconds()):
                self._recent.popitem(last=False)  # older than any timestamp Bolt still accepts
            if key in self._recent:
                return False
            self._recent[key] = now
            return True
