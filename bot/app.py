"""Assemble the Bolt AsyncApp: a Slack client pointed at SLACK_API_URL, our runtime, every listener."""

from __future__ import annotations

from typing import Any

from bot.runtime import Runtime
from bot.settings import SlackSettings
from tools.context import Context


def build_app(ctx: Context, settings: SlackSettings) -> tuple[Any, Runtime]:
    from slack_bolt.async_app import AsyncApp
    from slack_sdk import WebClient
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.listeners import approvals, commands, events, home

    token = settings.bot_token.get_secret_value()
    app = AsyncApp(
        signing_secret=settings.signing_secret.get_secret_value(),
        client=AsyncWebClient(token=token, base_url=settings.base_url),
        raise_error_for_unhandled_request=False,
    )
    rt = Runtime(ctx=ctx, web=WebClient(token=token, base_url=settings.base_url), workers=settings.workers)
    for listener in (commands, approvals, events, home):
        listener.register(app, rt)
    return app, rt
