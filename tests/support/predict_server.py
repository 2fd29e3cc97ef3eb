"""The prediction service as `predict-server` runs it (its guard, limits and uvicorn config from bot.serving.guard),
on a free 127.0.0.1 port in a thread, lifespan on."""

from __future__ import annotations

import socket
import threading
from typing import Any

import httpx

from tests.support.waiting import wait_until


class RunningService:
    def __init__(self, ctx: Any, *, token: str | None = None, feedback_token: str | None = None,
                 poll_seconds: float = 0.3, default_model: str | None = None, **limits: Any) -> None:
        import uvicorn

        from bot.serving.app import PredictService, build_app
        from bot.serving.guard import server_config
        from bot.serving.settings import Limits, ServingSettings

        settings = ServingSettings(token=token, feedback_token=feedback_token)
        self.service = PredictService(ctx, poll_seconds=poll_seconds, settings=settings, limits=Limits(**limits),
                                      default_model=default_model)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        config = server_config(build_app(self.service), host="127.0.0.1", port=self.port,
                               limits=self.service.limits, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, token: str | None = None, **kwargs: Any) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, timeout=60, headers=headers, **kwargs)

    def __enter__(self) -> RunningService:
        self.thread.start()

        def started() -> bool:
            if not self.thread.is_alive():
                raise RuntimeError("prediction service did not start: its server thread ended")
            return bool(self.server.started)

        wait_until(started, timeout=60, what="the prediction service to start", every=0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.sock.close()
