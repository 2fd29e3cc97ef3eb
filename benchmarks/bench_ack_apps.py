"""The ack benchmark's server side: the bare Bolt apps it compares with, and a tracker of the product's background work."""

from __future__ import annotations

import time
from typing import Any

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Tracker:
    """Wraps `rt.submit` (on the instance, from here) to see the futures the listener hands to our pool."""

    def __init__(self, rt: Any) -> None:
        self.futures: list[Any] = []
        submit = rt.submit

        def tracked(*args: Any, **kw: Any) -> Any:
            future = submit(*args, **kw)
            self.futures.append(future)
            return future

        rt.submit = tracked

    def running(self) -> int:
        return sum(f.running() for f in self.futures)

    def drain(self, timeout: float) -> float:
        from concurrent.futures import wait

        started = time.perf_counter()
        _, pending = wait(list(self.futures), timeout=timeout)
        if pending:
            raise RuntimeError(f"{len(pending)} background jobs still pending after {timeout:.0f}s")
        return time.perf_counter() - started

    def wait_settled(self, since: int, timeout: float) -> Any:
        """After N x `train cancer`: the per-model lock lets one train and refuses the rest as busy. Return
        the training's future once the refusals are through and only it is left running (None if it ended)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            left = [f for f in self.futures[since:] if not f.done()]
            if len(left) <= 1:
                return left[0] if left else None
            time.sleep(0.01)
        raise RuntimeError(f"train warm-up did not settle within {timeout:.0f}s")


def bare_app(api_url: str, *, process_before_response: bool = False) -> Any:
    """A Bolt AsyncApp that only acks `/mlops`. Bolt's defaults are the baseline; `process_before_response=True`
    (answer when the listener returns, as our app does, instead of polling for the ack every 10 ms) is the second,
    stricter one."""
    from slack_bolt.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    app = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token=TOKEN, base_url=api_url),
                   raise_error_for_unhandled_request=False, process_before_response=process_before_response)

    @app.command("/mlops")
    async def h(ack: Any) -> None:
        await ack()

    return app
