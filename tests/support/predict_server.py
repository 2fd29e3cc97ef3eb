"""The prediction service under real uvicorn on a free 127.0.0.1 port, in a thread, lifespan on (as in production)."""

from __future__ import annotations

import socket
import threading
from typing import Any

import httpx

from tests.support.waiting import wait_until


class RunningService:
    def __init__(self, ctx: Any, *, poll_seconds: float = 0.3) -> None:
        import uvicorn

        from bot.serving.app import PredictService, build_app

        self.service = PredictService(ctx, poll_seconds=poll_seconds)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(build_app(self.service), log_level="warning", access_log=False,
                                                    lifespan="on"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, **kwargs: Any) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)

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
