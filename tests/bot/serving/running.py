"""The prediction service as `predict-server` runs it (guard, limits, uvicorn config from bot.serving.guard), on a
free 127.0.0.1 port in a thread, plus raw-socket helpers for requests httpx will not send (huge declared bodies,
dribbled headers)."""

from __future__ import annotations

import socket
import threading
import time
from typing import Any

import httpx

from tests.support.waiting import wait_until


class GuardedService:
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

    def __enter__(self) -> GuardedService:
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


def raw_request(port: int, head: str, body: bytes = b"", *, timeout: float = 30) -> tuple[int, bytes]:
    """Send a request head (and maybe the start of a body) and read the answer: (status, body)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(head.encode("latin-1") + body)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer) < _length(answer):
            chunk = conn.recv(65536)
            if not chunk:
                break
            answer += chunk
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, answer.partition(b"\r\n\r\n")[2]


def _length(answer: bytes) -> int:
    head, _, _ = answer.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(head) + 4 + int(line.split(b":")[1])
    return 1 << 62


def send_huge(port: int, head: str, *, mb: int, chunked: bool, timeout: float = 60) -> tuple[int, int]:
    """Send a request head and up to `mb` MiB of body (chunked or raw), stopping as soon as the server answers:
    (status, body bytes sent before the answer). 0 for a connection closed without an answer."""
    piece = b" " * (1 << 20)
    frame = b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.sendall(head.encode("latin-1"))
        conn.settimeout(0.0)
        try:
            for _ in range(mb):
                view = memoryview(frame)
                while view:
                    try:
                        n = conn.send(view)
                    except BlockingIOError:
                        if _answered(conn):
                            raise ConnectionResetError from None  # answered: stop sending
                        time.sleep(0.001)
                        continue
                    view = view[n:]
                    sent += n
            if chunked:
                conn.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        conn.settimeout(timeout)
        try:
            answer = conn.recv(64)
        except OSError:
            answer = b""
    return (int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0), sent


def _answered(conn: socket.socket) -> bool:
    try:
        return bool(conn.recv(1, socket.MSG_PEEK))
    except (BlockingIOError, InterruptedError):
        return False
    except OSError:
        return True
