"""The boundary of the prediction service: bearer tokens, body size and time, concurrency, errors in MLflow's shape.

Everything here runs before a route reads a byte of the body, so a refused request costs a header's worth of memory
and stores nothing.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Awaitable, Callable
from typing import Any

import h11
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot.serving.settings import Limits, ServingSettings

OPEN_PATHS = frozenset({"/ping", "/health"})  # load balancers probe these without credentials, as with MLflow's
# MLflow's error codes by status, so a client written for its scoring server reads ours the same way.
ERROR_CODES = {400: "BAD_REQUEST", 401: "UNAUTHENTICATED", 404: "RESOURCE_DOES_NOT_EXIST", 405: "BAD_REQUEST",
               408: "BAD_REQUEST", 409: "RESOURCE_CONFLICT", 411: "BAD_REQUEST", 413: "REQUEST_LIMIT_EXCEEDED",
               415: "BAD_REQUEST", 500: "INTERNAL_ERROR", 503: "TEMPORARILY_UNAVAILABLE"}


class Refused(Exception):
    """A request we answer with a 4xx (or 503) and this message; raised anywhere on the request path."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    """MLflow's error body (`error_code`, `message`), plus `error` for the clients of our earlier versions."""
    code = ERROR_CODES.get(status, "BAD_REQUEST" if status < 500 else "INTERNAL_ERROR")
    if status in (408, 411, 413):  # the rest of the body is still coming: close rather than read it all to keep alive
        headers = {**(headers or {}), "Connection": "close"}
    return JSONResponse({"error_code": code, "message": message, "error": message}, status_code=status,
                        headers=headers)


async def read_body(request: Request, *, limit: int, seconds: float) -> bytes:
    """The body, refused with 413 as soon as it passes `limit` bytes and with 408 when it has not arrived in time.

    A refused body is dropped before the refusal is raised: the exception's traceback keeps this frame alive, and
    when that traceback sits in a reference cycle (as it did when `asyncio.wait_for` ran the read in a task of its own:
    task -> exception -> traceback -> wait_for's frame -> task) the bytes read so far outlive the request until the
    cyclic collector gets to them, which in a process with a large heap is rare: memory grew with every refused body.
    """
    chunks: list[bytes] = []
    size = 0
    timed_out = False
    chunk = b""
    stream = request.stream()
    try:
        async with asyncio.timeout(seconds):  # in this task: no task of its own to hold the exception in a cycle
            async for chunk in stream:
                size += len(chunk)
                if size > limit:
                    break
                chunks.append(chunk)
    except TimeoutError:
        timed_out = True
    finally:
        await stream.aclose()
    if timed_out or size > limit:
        chunks.clear()
        chunk = b""  # the last one read, too: this frame lives on in the refusal's traceback
        if timed_out:
            raise Refused(408, f"The body did not arrive within {seconds:g} s, the limit.")
        raise Refused(413, f"The body is larger than {_mb(limit)}, the limit (--max-body-mb).")
    return b"".join(chunks)


class Guard:
    """ASGI middleware: token, declared size (a body without a Content-Length: 411) and concurrency are checked on
    the headers alone."""

    def __init__(self, app: Any, *, settings: ServingSettings, limits: Limits,
                 refused: Callable[[str, int, str], None] = lambda path, status, message: None) -> None:
        self.app = app
        self.limits = limits
        self.token = _secret(settings.token)
        self.feedback_token = _secret(settings.feedback_token)
        self.refused = refused  # counts the refusal; never logs the request
        self.in_flight = 0

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Awaitable[Any]],
                       send: Callable[[Any], Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = self._check(scope)
        if problem is not None:
            status, message, headers = problem
            self.refused(scope["path"], status, message)
            await error(status, message, headers)(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1

    def _check(self, scope: dict[str, Any]) -> tuple[int, str, dict[str, str] | None] | None:
        path = scope["path"]
        wanted = self._token_for(path)
        if wanted is not None and not _bearer_matches(scope, wanted):
            return 401, "A valid `Authorization: Bearer <token>` header is required.", {"WWW-Authenticate": "Bearer"}
        if _header(scope, b"transfer-encoding") is not None:
            # A body of unannounced length could only be cut off once read; one with a length is refused on it.
            return 411, ("A request body must declare its Content-Length; chunked transfer encoding is not "
                         "accepted (MLflow's clients always send a length)."), None
        declared = _header(scope, b"content-length")
        if declared is not None:
            if not declared.isdigit():
                return 400, "Content-Length must be a whole number of bytes.", None
            limit = self.body_limit(path)
            if int(declared) > limit:
                return 413, (f"The body is {_mb(int(declared))}; the limit is {_mb(limit)}"
                             f"{'' if path.endswith('/feedback') else ' (--max-body-mb)'}."), None
        if self.in_flight >= self.limits.max_concurrent:
            return 503, f"Too many requests in flight (limit {self.limits.max_concurrent}); retry shortly.", None
        return None

    def body_limit(self, path: str) -> int:
        if path.endswith("/feedback"):
            return min(self.limits.feedback_body_bytes, self.limits.max_body_bytes)
        return self.limits.max_body_bytes

    def _token_for(self, path: str) -> bytes | None:
        if path in OPEN_PATHS:
            return None
        if path.endswith("/feedback") and self.feedback_token is not None:
            return self.feedback_token  # the label source's own token; the prediction token does not open it
        return self.token


class TimedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, closing a connection that has not sent a whole request head in time.

    uvicorn only times out idle keep-alive connections (and disarms that on any byte); a client that dribbles its
    first request head would hold a connection slot forever.
    """

    header_seconds = 10.0

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_timer = self.loop.call_later(self.header_seconds, self._head_too_slow)

    def connection_lost(self, exc: Exception | None) -> None:
        self._head_timer.cancel()
        super().connection_lost(exc)

    def _head_too_slow(self) -> None:
        if self.cycle is None and not self.transport.is_closing():
            if self.conn.our_state not in (h11.ERROR, h11.CLOSED):
                self.conn.send(h11.ConnectionClosed())
            self.transport.close()


def server_config(app: Any, *, host: str, port: int | None, limits: Limits, **kwargs: Any) -> Any:
    """uvicorn's config with our timeouts and concurrency: the one place both the CLI and the tests take it from."""
    import uvicorn

    protocol = type("HeadTimedH11", (TimedH11Protocol,), {"header_seconds": limits.header_seconds})
    return uvicorn.Config(app, host=host, port=port or 0, http=protocol, timeout_keep_alive=5,
                          limit_concurrency=limits.max_concurrent + 64, log_level="warning", access_log=False,
                          **kwargs)


def _bearer_matches(scope: dict[str, Any], wanted: bytes) -> bool:
    given = _header(scope, b"authorization") or ""
    scheme, _, token = given.partition(" ")
    # compare_digest even on a wrong scheme, so the time taken says nothing about the header
    return hmac.compare_digest(token.strip().encode(), wanted) and scheme.lower() == "bearer"


def _header(scope: dict[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1").strip()
    return None


def _secret(value: Any) -> bytes | None:
    if value is None:
        return None
    text = value.get_secret_value()
    return text.encode() if text else None


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.3g} MB" if size >= 1024 * 1024 else f"{size} bytes"
