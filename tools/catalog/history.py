"""`history`: the audit trail of a model, merged with the alias moves recorded in MLflow itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, Field, field_validator

from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.registry import tool


class HistoryIn(ToolInput):
    model: ModelName
    limit: int = Field(20, ge=1, le=200, description="how many entries, newest first")
    at: datetime | None = Field(None, description="an instant (ISO, UTC unless it says otherwise, e.g. "
                                                  "2026-12-01T12:00:00Z): what production held then, and why")
    timeline: bool = Field(False, description="add a picture of production's versions over time, with each "
                                              "version's metric")

    @field_validator("at")
    @classmethod
    def _utc(cls, at: datetime | None) -> datetime | None:
        if at is None:
            return None
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        if at > datetime.now(UTC) + timedelta(minutes=1):
            raise ValueError("at= is in the future; history can only say what held an alias until now")
        return at


class Holding(BaseModel):
    """Which version an alias held at an instant, since when, who moved it there and who approved that."""

    alias: str
    version: int | None  # None: the alias held no version then
    since: datetime | None = None
    by: str | None = None  # who asked for the move
    approved_by: str | None = None
    approval_id: str | None = None
    digest: str | None = None  # of the approved change (tools/sign_off.py)


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
    at: datetime | None = None
    chart_path: str | None = None  # with timeline=true: the picture of production over time
    held: list[Holding] = []  # with at=: each alias at that instant (pydantic copies the default)


@tool("history", doing="reading the history of", input=HistoryIn, result=HistoryOut, positional=("model",),
      usage="history <model> [limit=20] [at=2026-12-01T12:00:00Z]",
      description="Show who trained, deployed and rolled back a model, when, from which version to which, and why; "
      "with at=, which version was in production at that instant and the approval behind it.",
      examples=("history cancer", "history cancer at=2026-12-01T12:00:00Z"))
def history(args: HistoryIn, ctx: Context) -> HistoryOut:
    if args.at is not None:
        return HistoryOut(model=args.model, entries=[], at=args.at, held=[_production_at(ctx, args.model, args.at)])
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
    chart = _timeline(ctx, args.model) if args.timeline else None
    return HistoryOut(model=args.model, entries=entries[: args.limit], chart_path=chart)


def _timeline(ctx: Context, model: str) -> str | None:
    from pipelines.lineage.timeline import render_timeline

    moves = ctx.registry.events(model)
    if not moves:
        return None
    metric = ctx.config.models[model].primary_metric  # no estimator check for a read: it imports scikit-learn
    metrics = {}
    for version in {m.to_version for m in moves}:
        run = ctx.registry.client.get_run(ctx.registry.resolve(model, version).run_id)
        if metric in run.data.metrics:
            metrics[version] = run.data.metrics[metric]
    stamp = datetime.now(UTC)
    path = ctx.paths.home / "charts" / f"{model}-timeline-{stamp:%Y%m%dT%H%M%S%f}.png"
    return str(render_timeline(model, moves, metrics, metric=metric, now=stamp, path=path))


def _detail(args: dict[str, Any], message: str | None, requested_by: str | None, actor: str) -> str | None:
    parts = [f"{k}={v}" for k, v in args.items() if k not in ("model", "version") and v not in (None, {}, False, "")]
    if requested_by and requested_by != actor:
        parts.append(f"requested by {requested_by}")
    if message:
        parts.append(message)
    return ", ".join(parts) or None


def _production_at(ctx: Context, model: str, at: datetime) -> Holding:
    """The last production move at or before `at` (MLflow's own record of moves), joined to the audit row and the
    approval behind it."""
    from tools.sign_off import digest

    moves = [e for e in ctx.registry.events(model) if e.at <= at]
    if not moves:
        return Holding(alias="production", version=None)
    move = moves[-1]
    audited = [e for e in ctx.state.audit_trail(model=model, limit=1000)
               if e.tool in ("deploy", "rollback") and e.outcome == "ok" and e.to_version == move.to_version
               and abs((e.at - move.at).total_seconds()) < 120]
    if not audited:  # moved by a version of the bot without an audit log, or outside it
        return Holding(alias="production", version=move.to_version, since=move.at, by=move.by)
    entry = min(audited, key=lambda e: abs((e.at - move.at).total_seconds()))
    approval = ctx.state.approval(entry.approval_id) if entry.approval_id else None
    return Holding(alias="production", version=move.to_version, since=move.at,
                   by=entry.requested_by or entry.actor, approved_by=entry.actor if approval else None,
                   approval_id=entry.approval_id, digest=digest(approval.plan) if approval else None)
