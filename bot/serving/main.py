"""Start the prediction service under uvicorn; a clean stop (Ctrl-C, SIGTERM) writes the whole log first."""

from __future__ import annotations

import logging
import sys


def main(*, host: str, port: int, config_path: str | None, poll_seconds: float) -> int:
    import uvicorn

    from bot.serving.app import PredictService, build_app
    from pipelines.errors import UserError
    from tools import logs
    from tools.context import Context
    from tools.settings import Paths

    logs.setup(Paths().home, console=logging.INFO)
    try:
        ctx = Context.load(config_path=config_path)
        ctx.check_stores()
        ctx.registry  # noqa: B018 - fail now, with the reason, if MLflow is unreachable
        service = PredictService(ctx, poll_seconds=poll_seconds)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    logging.getLogger("mlops.predict").info("serving predictions on %s:%d/models/<name>/invocations", host, port)
    uvicorn.run(build_app(service), host=host, port=port, log_level="warning", access_log=False)
    return 0
