"""The renderer table: one renderer per result model, data in, Message out. Renderers never call MLflow.

Renderers are keyed by the result class's import path ("pipelines.monitor.result:DriftCheck"), so this table
imports no result module: a usage error or `help` must not pay for numpy, pandas, scipy or scikit-learn. The
renderers register themselves when `bot.slack.render` imports them; this module imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from bot.slack.render.message import Message

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
