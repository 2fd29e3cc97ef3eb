"""uvicorn in a daemon thread on 127.0.0.1: for tests and benchmarks, an ASGI app served exactly as in production."""

from __future__ import annotations

import threading
import time
from typing import Any


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
