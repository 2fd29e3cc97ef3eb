"""`history`: the audit trail of a model, merged with the alias moves recorded in MLflow itself."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.registry import tool


class HistoryIn(ToolInput):
    model: ModelName
    limit: int = Field(20, ge=1, le=200, description="how many entries, newest first")


class HistoryEntry(BaseModel):
    at: datetime
    action: str
    actor: str
    outcome: str
    from_version: int | None = None
    to_version: int | None = None
    detail: str | None = None
    source: str  # audit (bot state DB) or mlflow (registered model tags)


class HistoryOut(BaseModel):
    model: str
    entries: list[HistoryEntry]


@tool("history", doing="reading the history of", input=HistoryIn, result=HistoryOut, positional=("model",), usage="history <model> [limit=20]",
      description="Show who trained, deployed and rolled back a model, when, from which version to which, and why.",
      examples=("history cancer",))
def history(args: HistoryIn, ctx: Context) -> HistoryOut:
    entries = [
        HistoryEntry(at=e.at, action=e.tool, actor=e.actor, outcome=e.outcome, from_version=e.from_version,
                     to_version=e.to_version, detail=_detail(e.args, e.message, e.requested_by, e.actor), source="audit")
        for e in ctx.state.audit_trail(model=args.model, limit=args.limit)
    ]
    audited = {(e.action, e.to_version) for e in entries if e.action in ("deploy", "rollback")}
    # Alias moves live on as MLflow tags; they fill the gaps when the bot's own database was lost or pruned.
    for event in ctx.registry.events(args.model):
        if (event.action, event.to_version) not in audited:
            entries.append(HistoryEntry(at=event.at, action=event.action, actor=event.by, outcome="ok",
                                        from_version=event.from_version, to_version=event.to_version,
                                        detail=event.reason, source="mlflow"))
    entries.sort(key=lambda e: e.at, reverse=True)
    return HistoryOut(model=args.model, entries=entries[: args.limit])


def _detail(args: dict[str, Any], message: str | None, requested_by: str | None, actor: str) -> str | None:
    parts = [f"{k}={v}" for k, v in args.items() if k not in ("model", "version") and v not in (None, {}, False, "")]
    if requested_by and requested_by != actor:
        parts.append(f"requested by {requested_by}")
    if message:
        parts.append(message)
    return ", ".join(parts) or None
