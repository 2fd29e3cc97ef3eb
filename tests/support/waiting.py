"""Waiting for an outcome in tests: poll with a deadline, never a fixed sleep then an assertion."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any


def wait_until(condition: Callable[[], Any], *, timeout: float = 30, what: str = "condition",
               every: float = 0.05) -> Any:
    """The first truthy value of `condition()`; AssertionError naming `what` when `timeout` passes first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
