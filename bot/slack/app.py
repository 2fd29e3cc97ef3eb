"""Assemble the Slack app: the Bolt AsyncApp (a client pointed at SLACK_API_URL, the replay guard, every listener)
and the runtime its work runs on, here (tests) or in the work process `serve` starts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.slack.runtime import RATE_LIMIT_RETRIES, SlackRuntime, web_client
from bot.slack.settings import SlackSettings
from tools.context import Context

if TYPE_CHECKING:
    from tools.work.executor import Executor
    from tools.work.queue import Submitter, WorkProcess


def slack_runtime(ctx: Context, settings: SlackSettings, *, executor: Executor | None = None,
                  scheduler: bool = False, adopt: bool = True) -> SlackRuntime:
    """A runtime with its executor (the config's, unless one is lent), its interrupted-job notices and, with
    `scheduler`, the monitors; with `adopt`, the jobs a process that is gone left are followed first."""
    from bot.slack.alerts import SlackReporter
    from bot.slack.replies import adopt as adopt_jobs
    from bot.slack.replies import interrupted
    from tools.work.executor import make_executor

    rt = SlackRuntime(ctx=ctx, web=web_client(settings), workers=settings.workers,
                      executor=executor or make_executor(ctx.config.compute), owns_executor=executor is None)
    ctx.on_takeover = lambda lease, what: interrupted(rt, lease, what)
    if adopt:
        adopt_jobs(rt)  # dead workers' leases, jobs a Dask worker still runs for us, jobs a dead process left
    if scheduler:
        from tools.monitoring.scheduler import Scheduler

        jobs = Scheduler(ctx, SlackReporter(rt), executor=rt.executor).start()
        rt.on_stop(jobs.stop)  # runs monitors only while it holds the lease; else it stands by
    return rt


def start_work(ctx: Context, settings: SlackSettings, scheduler: bool) -> SlackRuntime:
    """The work process's runtime (tools/work/queue.WorkProcess calls this there)."""
    return slack_runtime(ctx, settings, scheduler=scheduler)


def build_app(ctx: Context, settings: SlackSettings, *, executor: Executor | None = None,
              scheduler: bool = False) -> tuple[Any, SlackRuntime]:
    """The app with its work on this process's threads (tests); tool work goes to `executor`, else to one made
    from the config's [compute]. `serve` uses `build_split_app` instead."""
    rt = slack_runtime(ctx, settings, executor=executor, scheduler=scheduler)
    return bolt_app(settings, rt), rt


def build_split_app(ctx: Context, settings: SlackSettings, *, scheduler: bool = False,
                    console: int | None = None) -> tuple[Any, WorkProcess]:
    """The app as `serve` runs it: this process only acks; the work process does the rest (with `scheduler`, the
    monitors too) and logs to the terminal at `console` level. Call `.stop()` on the work process when done."""
    from tools.work.queue import WorkProcess

    work = WorkProcess(ctx, start_work, settings, scheduler, niceness=settings.work_niceness, console=console).start()
    app = bolt_app(settings, work)
    settle_heap()
    return app, work


def settle_heap() -> None:
    """What start-up built (Bolt, the catalog, pydantic's models: tens of thousands of objects) lives as long as the
    process. A full garbage collection walks all of it while the event loop waits, and in a burst every ack in
    flight waits with it: one such pause is the p99 of a thousand acks. Frozen, the collector leaves it alone; what
    each request makes is still collected."""
    import gc

    gc.collect()
    gc.freeze()


def bolt_app(settings: SlackSettings, work: Submitter) -> Any:
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
    from slack_sdk.web.async_client import AsyncWebClient

    from bot.slack.listeners import alerts, approvals, assistant, commands, events, home
    from bot.slack.replays import ReplayGuard

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
    # Slash commands, most of the traffic and the one Slack times hardest, are answered by a middleware before any
    # listener is tried (listeners/commands.py); Bolt tries the rest in the order they were added.
    for listener in (commands, assistant, approvals, events, home, alerts):
        listener.register(app, work)
    return app
