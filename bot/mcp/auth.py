"""Who is calling: over HTTP the identity whose bearer token the request carries (else 401), over stdio `[mcp] user`.

The gate wraps the whole HTTP app, so a request without a known token reaches nothing and stores nothing. A known
one is marked as the SDK's `AuthenticatedUser`, so the SDK also binds each MCP session to the identity that
opened it (another token cannot ride someone else's session).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tools.access import Caller

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Receive, Scope, Send

    from bot.mcp.settings import McpSettings
    from tools.config import Config

OPEN_PATHS = ("/healthz",)  # says only that the process answers


def caller_for(config: Config, request: Any) -> Caller:
    """The caller of one MCP request: the token's identity over HTTP, the configured user over stdio. On the "mcp"
    surface every change becomes an approval (tools/dispatch.PROPOSES_ONLY), as for the Slack agent."""
    from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser

    user = request.scope.get("user") if request is not None else None
    identity = user.access_token.client_id if isinstance(user, AuthenticatedUser) else config.mcp.user
    return Caller(user_id=identity, surface="mcp")


class BearerGate:
    """ASGI middleware: `Authorization: Bearer <token>` from MLOPS_MCP_TOKENS, or 401 naming what is missing."""

    def __init__(self, app: ASGIApp, settings: McpSettings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        from mcp.server.auth.middleware.bearer_auth import AuthenticatedUser
        from mcp.server.auth.provider import AccessToken
        from starlette.authentication import AuthCredentials

        header = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
        scheme, _, token = header.partition(" ")
        identity = self.settings.identity(token.strip()) if scheme.lower() == "bearer" and token.strip() else None
        if identity is None:
            why = ("the bearer token is not one of MLOPS_MCP_TOKENS" if header else
                   "a bearer token is required: Authorization: Bearer <token> (one of MLOPS_MCP_TOKENS)")
            await _unauthorized(send, why)
            return
        user = AuthenticatedUser(AccessToken(token=token.strip(), client_id=identity, scopes=[]))
        await self.app({**scope, "user": user, "auth": AuthCredentials([])}, receive, send)


async def _unauthorized(send: Send, why: str) -> None:
    body = json.dumps({"error": "invalid_token", "error_description": why}).encode()
    await send({"type": "http.response.start", "status": 401, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"www-authenticate", f'Bearer realm="mlops-bot", error="invalid_token", error_description="{why}"'.encode())]})
    await send({"type": "http.response.body", "body": body})
