"""Serving Slack over HTTP: Bolt's async handler under Starlette, POST /slack/events and GET /healthz."""

from __future__ import annotations

from typing import Any


def http_app(app: Any) -> Any:
    """Starlette around Bolt's async handler: POST /slack/events, GET /healthz."""
    from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    handler = AsyncSlackRequestHandler(app)

    async def events(request: Request) -> Response:
        # Bolt would fail on int() of a malformed timestamp with a 500; a request we cannot verify is unauthorised.
        if not request.headers.get("x-slack-request-timestamp", "").strip().isdigit():
            return Response("invalid request timestamp", status_code=401)
        return await handler.handle(request)

    async def healthz(_request: Request) -> Response:
        return JSONResponse({"ok": True})

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"]), Route("/healthz", healthz, methods=["GET"])])
