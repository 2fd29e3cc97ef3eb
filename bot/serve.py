"""`mlops-bot serve`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP (uvicorn) on /slack/events."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
import time
from typing import Any

log = logging.getLogger("mlops.serve")


def main(*, host: str, port: int, config_path: str | None, scheduler: bool = True) -> int:
    from pydantic import ValidationError

    from bot import logs
    from bot.app import build_split_app
    from bot.settings import SlackSettings
    from pipelines.errors import UserError
    from tools.context import Context
    from tools.settings import Paths

    log_file = logs.setup(Paths().home, console=logging.INFO)
    try:
        settings = SlackSettings()
        # Estimator params are checked when a verb first uses a model (Context.spec), not here: checking them
        # imports scikit-learn, which an idle server would then carry for nothing.
        ctx = Context.load(config_path=config_path)
        ctx.check_stores()  # a broken MLOPS_HOME or store is told at start, in one line, not at the first command
    except ValidationError as exc:
        names = ", ".join(str(e["loc"][0]) for e in exc.errors())
        print(f"Missing Slack settings ({names}): set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET "
              "(and SLACK_APP_TOKEN for Socket Mode). See the README.", file=sys.stderr)
        return 2
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    log.info("log file: %s", log_file)
    # This process acks; a work process of its own runs everything after the ack, the scheduler included.
    app, work = build_split_app(ctx, settings, scheduler=scheduler, console=logging.INFO)
    try:
        if settings.app_token is not None:
            log.info("serving over Socket Mode")
            asyncio.run(socket_mode(app, settings.app_token.get_secret_value()))
        else:
            import uvicorn

            log.info("serving HTTP on %s:%d/slack/events", host, port)
            uvicorn.run(http_app(app), host=host, port=port, log_level="warning", access_log=False, log_config=None)
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

    from pydantic import ValidationError

    from bot import logs
    from bot.app import web_client
    from bot.runtime import Runtime
    from bot.scheduler import Scheduler
    from bot.settings import SlackSettings
    from pipelines.errors import UserError
    from tools.context import Context
    from tools.settings import Paths

    logs.setup(Paths().home, console=logging.INFO)
    try:
        settings = SlackSettings()
        ctx = Context.load(config_path=config_path)
        ctx.check_stores()
    except ValidationError:
        print("Missing Slack settings: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET so alerts can be posted. "
              "See the README.", file=sys.stderr)
        return 2
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    from tools.executor import make_executor

    # The checks and retraining run on the executor, as the web process's scheduler and slash commands do.
    rt = Runtime(ctx=ctx, web=web_client(settings), workers=settings.workers, executor=make_executor(ctx.config.compute))
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    jobs = Scheduler(rt).start()
    log.info("scheduler process started as %s (a second one stands by)", jobs.holder)
    try:
        stop.wait()
    finally:
        jobs.stop()
        rt.shutdown()
    return 0


async def socket_mode(app: Any, app_token: str) -> None:
    """Connect over Socket Mode and serve until SIGINT or SIGTERM.

    Built here, inside the running loop: the handler's aiohttp session needs one at construction.
    """
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    import signal

    handler = AsyncSocketModeHandler(app, app_token)
    # Our own SIGINT/SIGTERM handling, through the loop's self-pipe: a process manager's SIGTERM stops the bot
    # cleanly (by default it killed it on the spot), and a stop request cannot be lost to where the main thread is.
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await handler.connect_async()
        await stop.wait()
        log.info("stop requested: closing the Socket Mode connection")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        try:
            await asyncio.wait_for(handler.close_async(), timeout=CLOSE_TIMEOUT_S)
        except Exception:  # a connection that will not close politely is dropped with the process
            log.warning("the Socket Mode connection did not close within %d s", CLOSE_TIMEOUT_S, exc_info=True)


CLOSE_TIMEOUT_S = 10


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


class BackgroundServer:
    """uvicorn in a daemon thread on 127.0.0.1: for tests and benchmarks, served exactly as in production."""

    def __init__(self, asgi: Any, port: int) -> None:
        import uvicorn

        self.port = port
        self.server = uvicorn.Server(uvicorn.Config(asgi, host="127.0.0.1", port=port, log_level="warning",
                                                    access_log=False, lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)
