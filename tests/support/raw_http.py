"""Raw-socket requests for what httpx will not send: huge declared bodies, dribbled or broken heads."""

from __future__ import annotations

import socket
import time


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
