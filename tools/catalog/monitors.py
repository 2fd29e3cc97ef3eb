"""`monitors`: every model's scheduled check, what it last found, how often it alerted and how much of that was
noise over 30 days, the severity policy and its digest, the quiet windows, and which process runs the scheduler."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, Field

from tools.context import Context
from tools.inputs import ToolInput
from tools.monitoring.noise import NOISE_DAYS, AlertStats
from tools.registry import tool
from tools.state import LeaseInfo, Monitor
from tools.state.records import SCHEDULER_LEASE, now


class MonitorsIn(ToolInput):
    all: bool = Field(False, description="include stopped monitors")


class QuietShown(BaseModel):
    """A configured quiet window as shown (the config validated it already)."""

    name: str
    days: list[str]
    start: str
    end: str
    timezone: str
    models: list[str] = []


class SeverityShown(BaseModel):
    """The config's severity policy as shown (the config validated it already)."""

    impact_drop: float | None = None
    unknown_impact: str = "alert"
    digest_at: str = "09:00"
    timezone: str = "UTC"


class MonitorsOut(BaseModel):
    monitors: list[Monitor]
    scheduler: LeaseInfo | None = None
    open_incidents: dict[str, int] = {}
    days: int = NOISE_DAYS
    alerts: dict[str, AlertStats] = {}  # per model, over `days`: alerts opened, rated, rated as noise
    quiet: list[QuietShown] = []  # the config's quiet windows
    quiet_now: dict[str, str] = {}  # model -> why it is quiet now
    severity: SeverityShown = SeverityShown()  # the config's [monitoring.severity]
    notes_waiting: int = 0  # low-severity notes waiting for the next digest


@tool("monitors", doing="listing the monitors", input=MonitorsIn, result=MonitorsOut, usage="monitors [all=true]",
      description="List the models' scheduled checks: interval, alert channel, policy, last result, snooze or quiet "
      "window, open incidents, and each monitor's alert count and noise rate over 30 days (from the Useful / Noise "
      "buttons); the severity policy (the drop that pages, the daily digest time); says which process runs the "
      "scheduler.",
      examples=("monitors", "monitors all=true"))
def monitors(args: MonitorsIn, ctx: Context) -> MonitorsOut:
    from tools.monitoring import quiet

    counts: dict[str, int] = {}
    for incident in ctx.state.incidents():
        counts[incident.model] = counts.get(incident.model, 0) + 1
    listed = ctx.state.monitors(enabled_only=not args.all)
    quiet_now = {m.model: why for m in listed if m.enabled and (why := quiet.reason(ctx, m)) is not None}
    return MonitorsOut(monitors=listed, scheduler=ctx.state.lease(SCHEDULER_LEASE), open_incidents=counts,
                       alerts=ctx.state.alert_stats(since=now() - timedelta(days=NOISE_DAYS)),
                       quiet=[QuietShown(**w.model_dump()) for w in ctx.config.monitoring.quiet], quiet_now=quiet_now,
                       severity=SeverityShown(**ctx.config.monitoring.severity.model_dump()), notes_waiting=len(ctx.state.notes_due()))
