"""What a listener hands over after its ack: a call of a module-level function, as data that can cross processes.

A task runs as `fn(runtime, *args, **kwargs)` wherever there is a `Runtime`: on this process's threads (tests,
`build_app`) or in the work process `serve` starts (`bot.work_process`), which is why `fn` must be importable
(pickled by reference) and its arguments plain data.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict


class SlackRequest(BaseModel):
    """A signed request's identity (Slack's signature has no nonce): the work it set off runs only for the first
    delivery of it, which one INSERT in the state DB decides where the work runs, never on the ack's path."""

    model_config = ConfigDict(frozen=True)

    timestamp: str
    signature: str


class Task(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    fn: Callable[..., None]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = {}
    quick: bool = False  # help, cancel and other inline tools: their own threads, never behind long jobs
    request: SlackRequest | None = None


class Submitter(Protocol):
    """What listeners hand their work to: `Runtime` (threads here) or `WorkProcess` (the work process)."""

    def submit(self, fn: Callable[..., None], *args: Any, quick: bool = False, **kwargs: Any) -> object: ...
