"""Serving Slack over HTTP: Bolt's async handler under Starlette, POST /slack/events and GET /healthz.

Bolt verifies the signature only after reading the whole body; a request that cannot be Slack's (a stale or missing
timestamp, a body far beyond any Slack payload, a body without a Content-Length, which Slack always sends) is refused
on its headers first, so it costs no memory and no other request's time.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

MAX_BODY_BYTES = 1024 * 1024  # Slack's payloads are a few KB; a 1 MB one is not Slack's
FRESH_SECONDS = 5 * 60  # Slack's own replay window, as Bolt checks it after the body
BODY_SECONDS = 10.0


def http_app(app: Any, routes: Sequence[Any] = ()) -> Any:
    """Starlette around Bolt's async handler: POST /slack/events, GET /healthz, and `routes` (`serve` adds the
    MLflow webhook's: bot/slack/mlflow_webhook.py)."""
    from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from bot.serving.guard import Refused, read_body

    handler = AsyncSlackRequestHandler(app)

    async def events(request: Request) -> Response:
        refusal = refuse_early(request.headers.get("x-slack-request-timestamp"),
                               request.headers.get("content-length"), now=time.time(),
                               transfer_encoding=request.headers.get("transfer-encoding"))
        if refusal is not None:
            return Response(refusal[1], status_code=refusal[0], headers={"Connection": "close"})
        try:
            body = await read_body(request, limit=MAX_BODY_BYTES, seconds=BODY_SECONDS)
        except Refused as exc:  # slower than any Slack delivery (408); the 413 there is only a backstop
            return Response(exc.message, status_code=exc.status, headers={"Connection": "close"})

        async def replay() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        return await handler.handle(Request(request.scope, replay))

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"]), Route("/healthz", healthz, methods=["GET"]),
                             *routes])


def refuse_early(timestamp: str | None, length: str | None, *, now: float,
                 transfer_encoding: str | None = None) -> tuple[int, str] | None:
    """(status, reason) for a request refused on its headers alone, else None."""
    stamp = (timestamp or "").strip()
    # Bolt would fail on int() of a malformed timestamp with a 500; a request we cannot verify is unauthorised.
    if not stamp.isdigit():
        return 401, "invalid request timestamp"
    if abs(now - int(stamp)) > FRESH_SECONDS:
        return 401, "stale request timestamp"
    if transfer_encoding is not None:  # chunked: its size known only once read, so never read it
        return 411, "content-length required"
    if length is not None and not length.strip().isdigit():
        return 400, "invalid content-length"
    if length is not None and int(length) > MAX_BODY_BYTES:
        return 413, f"body larger than {MAX_BODY_BYTES} bytes"
    return None
