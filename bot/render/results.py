"""The renderer table: one renderer per result model, data in, Message out. Renderers never call MLflow.

Renderers are keyed by the result class's import path ("pipelines.monitor:DriftCheck"), so importing this module
imports no result module: a usage error or `help` must not pay for numpy, pandas, scipy or scikit-learn.
The renderers themselves live by job: lifecycle (train, evaluate, compare, status…), promote (deploy, rollback,
approvals), jobs (tune, cancel, unlock), drift, monitoring and online. None of them escapes anything: a Message
is escaped for Slack in one place (bot/render/message.py), and our own markup is `Mrkdwn` (bot/render/escape.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from bot.render.message import Message

if TYPE_CHECKING:
    from tools.dispatch import Outcome

Renderer = Callable[[Any], Message]


def _key(result: type | str) -> str:
    return result if isinstance(result, str) else f"{result.__module__}:{result.__qualname__}"


class _Renderers(dict[str, Renderer]):
    """Renderers by import path; a result class may be used as the key too (`TrainResult in RENDERERS`)."""

    def __contains__(self, result: object) -> bool:
        return isinstance(result, (type, str)) and super().__contains__(_key(result))

    def __getitem__(self, result: type | str) -> Renderer:
        return super().__getitem__(_key(result))


RENDERERS = _Renderers()
APPROVE_ACTION = "mlops_approve"
CANCEL_ACTION = "mlops_cancel"


def renders(result: type[BaseModel] | str) -> Callable[[Renderer], Renderer]:
    """Register a renderer for a result class, given as the class or as "module:Class" (imported lazily)."""

    def register(fn: Renderer) -> Renderer:
        RENDERERS[_key(result)] = fn
        return fn

    return register


def render(result: BaseModel) -> Message:
    for cls in type(result).__mro__:
        if cls in RENDERERS:
            return RENDERERS[cls](result)
    raise LookupError(f"no renderer for {type(result).__name__}")


def render_outcome(outcome: Outcome) -> Message:
    if outcome.status == "needs_approval" and outcome.approval is not None:
        return render_approval(outcome.approval)
    if outcome.status in ("refused", "failed"):
        title = "Not done" if outcome.status == "refused" else "Something went wrong"
        return Message(title=title, summary=f":warning: {outcome.message}", ephemeral=True)
    if outcome.result is None:
        return Message(title=outcome.tool, summary=outcome.message or "Done.")
    return render(outcome.result)


def fmt(value: float | None, digits: int = 4) -> str:
    if value is None or value != value:
        return "—"
    return f"{value:.{digits}f}" if abs(value) < 1000 else f"{value:,.1f}"


def signed(value: float | None, digits: int = 4) -> str:
    """A delta with its sign, or "—" where it is undefined, as `fmt` shows an undefined value."""
    if value is None or value != value:
        return "—"
    return f"{value:+.{digits}f}"


def arrow(delta: float, greater_is_better: bool) -> str:
    if delta != delta or abs(delta) < 1e-12:
        return "="
    better = (delta > 0) == greater_is_better
    return ("▲" if delta > 0 else "▼") + (" better" if better else " worse")


def as_json(outcome: Outcome) -> str:
    if outcome.status in ("refused", "failed"):
        return json.dumps({"error": outcome.message, "code": outcome.code or outcome.status, "ref": outcome.ref})
    payload = outcome.result if outcome.result is not None else outcome.approval
    return payload.model_dump_json(indent=2, exclude={"bootstrap_deltas"}) if payload else "{}"


# Each module registers its renderers on import; they import `renders` and `fmt` from here, hence the order.
from bot.render import lifecycle as _lifecycle  # noqa: E402,F401
from bot.render import promote as _promote  # noqa: E402,F401
from bot.render import jobs as _jobs  # noqa: E402,F401
from bot.render import drift as _drift  # noqa: E402,F401
from bot.render import monitoring as _monitoring  # noqa: E402,F401
from bot.render import online as _online  # noqa: E402,F401
from bot.render.promote import render_approval  # noqa: E402
