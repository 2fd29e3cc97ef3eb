"""Importing this package declares every tool, in the order help lists them; it is where tools are looked up."""

from __future__ import annotations

# isort: off
# Declaration order is help's order: do not sort.
from tools.catalog import (  # noqa: F401
    help, models, train, evaluate, compare, deploy, rollback, drift, why, status, history, reproduce, card, validate,
    materialize, skew, monitor, monitors, check, alerts, snooze, tune, cancel, unlock, abtest, approval, feedback,
)
# isort: on
from tools.registry import TOOLS, Tool

_BY_VERB: dict[str, Tool] = {}
for _tool in TOOLS.values():
    _BY_VERB.setdefault(_tool.verb, _tool)


def all_tools() -> dict[str, Tool]:
    """Every tool in the catalog's order (a fresh dict: callers may change it)."""
    return dict(TOOLS)


def by_verb(verb: str) -> Tool | None:
    return _BY_VERB.get(verb)
