"""Start the prediction service under uvicorn; a clean stop (Ctrl-C, SIGTERM) writes the whole log first."""

from __future__ import annotations

import ipaddress
import logging
import sys

EXIT_USAGE = 2


def main(*, host: str, port: int, config_path: str | None, poll_seconds: float, insecure: bool = False,
         max_body_mb: float = 32.0, default_model: str | None = None) -> int:
    import uvicorn

    from bot.serving.app import PredictService, build_app
    from bot.serving.guard import server_config
    from bot.serving.settings import Limits, ServingSettings
    from pipelines.errors import UserError
    from tools import logs
    from tools.context import Context
    from tools.settings import Paths

    settings = ServingSettings()
    if settings.token is None and not is_loopback(host) and not insecure:
        print(f"Refusing to serve on {host} without a token: anyone who can reach it could score and label. Set "
              "MLOPS_SERVING_TOKEN (clients send `Authorization: Bearer <token>`), bind --host 127.0.0.1, or pass "
              "--insecure to accept the risk.", file=sys.stderr)
        return EXIT_USAGE
    if not 0 < max_body_mb <= 4096:
        print("--max-body-mb must be above 0 and at most 4096.", file=sys.stderr)
        return EXIT_USAGE
    logs.setup(Paths().home, console=logging.INFO)
    try:
        ctx = Context.load(config_path=config_path)
        if default_model is not None and default_model not in ctx.config.models:
            print(f"--default-model {default_model}: no such model in the config "
                  f"({', '.join(sorted(ctx.config.models))}).", file=sys.stderr)
            return EXIT_USAGE
        ctx.check_stores()
        ctx.registry  # noqa: B018 - fail now, with the reason, if MLflow is unreachable
        limits = Limits(max_body_bytes=int(max_body_mb * 1024 * 1024))
        service = PredictService(ctx, poll_seconds=poll_seconds, settings=settings, limits=limits,
                                 default_model=default_model)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    said = logging.getLogger("mlops.predict")
    said.info("serving predictions on %s:%d/models/<name>/invocations%s", host, port,
              f" and /invocations ({service.default_model})" if service.default_model else "")
    if settings.token is None:
        said.warning("no MLOPS_SERVING_TOKEN: every route answers without credentials")
    uvicorn.Server(server_config(build_app(service), host=host, port=port, limits=limits)).run()
    return 0


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name that may resolve anywhere
