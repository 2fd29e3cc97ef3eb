"""The ack benchmark's server side: the bare Bolt apps it compares with."""

from __future__ import annotations

from typing import Any

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def bare_app(api_url: str, *, process_before_response: bool = False) -> Any:
    """A Bolt AsyncApp that only acks `/mlops`. With `process_before_response=True` (answer when the listener
    returns, as our app does) it is the like-for-like baseline; with Bolt's defaults (poll for the ack every 10 ms)
    it is the second row's."""
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    app = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token=TOKEN, base_url=api_url),
                   raise_error_for_unhandled_request=False, process_before_response=process_before_response)

    @app.command("/mlops")
    async def h(ack: Any) -> None:
        await ack()

    return app


def bare_middleware_app(api_url: str) -> Any:
    """A Bolt AsyncApp that acks `/mlops` in a middleware, as our app answers it (bot/slack/listeners/commands.py),
    skipping Bolt's listener path: the floor of that path, shown as a diagnostic next to the baselines."""
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.middleware.async_middleware import AsyncMiddleware
    from slack_bolt.response import BoltResponse
    from slack_sdk.web.async_client import AsyncWebClient

    class Ack(AsyncMiddleware):
        async def async_process(self, *, req: Any, resp: Any, next: Any) -> Any:  # noqa: A002 - Bolt's name
            if req.body.get("command") != "/mlops":
                return await next()
            return BoltResponse(status=200, body="")

    app = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token=TOKEN, base_url=api_url),
                   raise_error_for_unhandled_request=False, process_before_response=True)
    app.use(Ack())
    return app
