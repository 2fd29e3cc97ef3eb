"""`check`: one monitoring check of a model now, exactly as the scheduler runs it: drift and new data."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from pipelines.data import datasets
from pipelines.data.datasets import Freshness
from pipelines.data.window import Window
from pipelines.monitor import health
from pipelines.monitor.result import DriftCheck
from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.monitoring.settings import MonitorSpec
from tools.monitoring.severity import Impact
from tools.registry import tool


class CheckIn(ToolInput):
    model: ModelName


class NewData(BaseModel):
    before: Freshness | None
    now: Freshness
    grew_by: int
    newer: bool
    triggered: bool


class MonitorCheck(BaseModel):
    model: str
    at: datetime
    drift: DriftCheck
    severity: str | None  # None: nothing to alert on; "low": a note for the daily digest, not a page
    impact: Impact | None = None  # how the severity was judged (tools/monitoring/severity.py)
    new_data: NewData | None = None


@tool("run_check", doing="checking", verb="check", input=CheckIn, result=MonitorCheck, positional=("model",), slow=True,
      usage="check <model>",
      description="Run the model's monitoring check now: drift of the monitor's live window (default 7d) against "
      "production's training data, prediction drift, performance where labels exist (else estimated), the severity "
      "that impact gives, and whether the training data grew.",
      examples=("check cancer",))
def run_check(args: CheckIn, ctx: Context) -> MonitorCheck:
    from tools.monitoring import severity
    from tools.state.base import now

    spec = ctx.spec(args.model)
    saved = ctx.state.monitor(args.model)
    settings = saved.settings if saved else (spec.monitor or MonitorSpec())
    drift = health.check(spec, ctx.registry, window=Window(last=settings.window), chart_dir=ctx.paths.home / "charts")
    impact = severity.assess(drift, ctx.config.monitoring.severity, max_drop=spec.max_drop)
    result = MonitorCheck(model=args.model, at=now(), drift=drift, severity=impact.severity, impact=impact)
    current = datasets.freshness(spec)
    before = Freshness.model_validate(saved.data_marker) if saved and saved.data_marker else None
    grew = current.rows - before.rows if before else 0
    newer = bool(before and current.newest and before.newest and current.newest > before.newest)
    result.new_data = NewData(before=before, now=current, grew_by=grew, newer=newer,
                              triggered=before is not None and (grew >= settings.min_new_rows or newer))
    return result
