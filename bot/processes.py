"""The long-running processes: `serve` (a web process that only acks, with its work process) and `scheduler`.

`serve` speaks Socket Mode when SLACK_APP_TOKEN is set, else HTTP (uvicorn) on /slack/events. Its web process
verifies, parses, acks and hands each call to a work process of its own (tools/work/queue.py), which runs
everything after the ack, the scheduler included unless `--no-scheduler`. `scheduler` runs only the monitors,
for deployments whose app replicas run without one; a second copy stands by.
"""

from __future__ import annotations

import logging
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.slack.settings import SlackSettings
    from tools.context import Context

log = logging.getLogger("mlops.serve")


def serve(*, host: str, port: int, config_path: str | None, scheduler: bool = True) -> int:
    from tools import logs
    from tools.settings import Paths

    log_file = logs.setup(Paths().home, console=logging.INFO)
    loaded = _load(config_path, why="(and SLACK_APP_TOKEN for Socket Mode)")
    if isinstance(loaded, int):
        return loaded
    ctx, settings = loaded
    log.info("log file: %s", log_file)
    from bot.slack.app import build_split_app

    # This process acks; a work process of its own runs everything after the ack, the scheduler included.
    app, work = build_split_app(ctx, settings, scheduler=scheduler, console=logging.INFO)
    try:
        if settings.app_token is not None:
            import asyncio

            from bot.slack.socket_mode import socket_mode

            log.info("serving over Socket Mode")
            asyncio.run(socket_mode(app, settings.app_token.get_secret_value()))
        else:
            import uvicorn

            from bot.slack.http import http_app
            from bot.slack.mlflow_webhook import PATH, MlflowWebhook
            from bot.slack.settings import WebhookSettings

            secret = WebhookSettings().mlflow_webhook_secret
            webhook = MlflowWebhook(secret=secret.get_secret_value() if secret else None, models=ctx.config.models,
                                    work=work)
            log.info("serving HTTP on %s:%d/slack/events (and MLflow webhooks on %s)", host, port, PATH)
            uvicorn.run(http_app(app, webhook.routes()), host=host, port=port, log_level="warning", access_log=False, log_config=None)
    except KeyboardInterrupt:
        pass
    finally:
        log.info("finishing the work in progress")
        work.stop()  # what is queued or running finishes; the scheduler, the pool and its workers go
        log.info("stopped")
    return 0


def run_scheduler(*, config_path: str | None) -> int:
    """`mlops-bot scheduler`: the monitors alone, posting to Slack, until SIGINT/SIGTERM."""
    import signal

    from tools import logs
    from tools.settings import Paths

    logs.setup(Paths().home, console=logging.INFO)
    loaded = _load(config_path, why="so alerts can be posted")
    if isinstance(loaded, int):
        return loaded
    ctx, settings = loaded
    from bot.slack.runtime import slack_runtime

    # The checks and retraining run on the executor, as the web process's scheduler and slash commands do. Jobs
    # that other processes follow are theirs: this one adopts none.
    rt = slack_runtime(ctx, settings, scheduler=True, adopt=False)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    log.info("scheduler process started (a second one stands by)")
    try:
        stop.wait()
    finally:
        rt.shutdown()
    return 0


def _load(config_path: str | None, *, why: str) -> tuple[Context, SlackSettings] | int:
    """The context and Slack settings, or the exit code after saying in one line what to fix."""
    from pydantic import ValidationError

    from bot.slack.settings import SlackSettings
    from pipelines.errors import UserError
    from tools.context import Context

    try:
        settings = SlackSettings()
        # Estimator params are checked when a verb first uses a model (Context.spec), not here: checking them
        # imports scikit-learn, which an idle server would then carry for nothing.
        ctx = Context.load(config_path=config_path)
        ctx.check_stores()  # a broken MLOPS_HOME or store is told at start, in one line, not at the first command
    except ValidationError as exc:
        names = ", ".join(str(e["loc"][0]) for e in exc.errors())
        print(f"Missing Slack settings ({names}): set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET {why}. "
              "See the README.", file=sys.stderr)
        return 2
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    return ctx, settings
