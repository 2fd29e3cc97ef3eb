"""Assemble the Bolt AsyncApp: a Slack client pointed at SLACK_API_URL, our runtime, every listener."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.replays import ReplayGuard
from bot.runtime import Runtime
from bot.work import interrupted
from bot.settings import SlackSettings
from tools.context import Context

if TYPE_CHECKING:
    from bot.task import Submitter
    from bot.work_process import WorkProcess
    from tools.executor import Executor

RATE_LIMIT_RETRIES = 5  # Slack allows about one message a second per channel; a 429 says how long to wait


def web_client(settings: SlackSettings) -> Any:
    """The sync client worker threads and the scheduler post with: HTTP 429 answers are retried after Retry-After."""
    from slack_sdk import WebClient
    from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

    return WebClient(token=settings.bot_token.get_secret_value(), base_url=settings.base_url,
                     retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)])



def build_app(ctx: Context, settings: SlackSettings, *, executor: Executor | None = None) -> tuple[Any, Runtime]:
    """The app with its work on this process's threads (tests); tool work goes to `executor`, else to one made
    from the config's [compute]. `serve` uses `build_split_app` instead."""
    from bot.work import adopt
    from tools.executor import make_executor

    rt = Runtime(ctx=ctx, web=web_client(settings), workers=settings.workers,
                 executor=executor or make_executor(ctx.config.compute), owns_executor=executor is None)
    ctx.on_takeover = lambda lock, what: interrupted(rt, lock, what)
    app = _bolt_app(settings, rt)
    adopt(rt)
    return app, rt


def build_split_app(ctx: Context, settings: SlackSettings, *, scheduler: bool = False,
                    console: int | None = None) -> tuple[Any, WorkProcess]:
    """The app as `serve` runs it: this process only acks; the work process does the rest (with `scheduler`, the
    monitors too) and logs to the terminal at `console` level. Call `.stop()` on the work process when done."""
    from bot.work_process import WorkProcess

    work = WorkProcess(ctx, settings, scheduler=scheduler, console=console).start()
    return _bolt_app(settings, work), work


def _bolt_app(settings: SlackSettings, work: Submitter) -> Any:
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.listeners import alerts, approvals, commands, events, home

    token = settings.bot_token.get_secret_value()
    app = AsyncApp(
        signing_secret=settings.signing_secret.get_secret_value(),
        client=AsyncWebClient(token=token, base_url=settings.base_url,
                              retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)]),
        raise_error_for_unhandled_request=False,
        # Our listeners only parse, ack and hand the work over, so the response can go out as soon as a listener
        # returns. Bolt's default instead runs the listener as a task and polls for its ack every 10 ms, which
        # sets every ack's floor at ~10 ms (a bare Bolt app's p50) and rounds its tail up in 10 ms steps.
        process_before_response=True,
    )
    app.use(ReplayGuard().middleware())
    for listener in (commands, approvals, events, home, alerts):
        listener.register(app, work)
    return app
