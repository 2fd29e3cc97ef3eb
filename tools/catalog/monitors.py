"""`monitors`: every model's scheduled check, what it last found, and which process runs the scheduler."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.context import Context
from tools.inputs import ToolInput
from tools.registry import tool
from tools.state import LeaseInfo, Monitor
from tools.state.records import SCHEDULER_LEASE


class MonitorsIn(ToolInput):
    all: bool = Field(False, description="include stopped monitors")


class MonitorsOut(BaseModel):
    monitors: list[Monitor]
    scheduler: LeaseInfo | None = None
    open_incidents: dict[str, int] = {}


@tool("monitors", doing="listing the monitors", input=MonitorsIn, result=MonitorsOut, usage="monitors [all=true]",
      description="List the models' scheduled checks: interval, alert channel, policy, last result, snooze, and "
      "the number of open incidents; says which process runs the scheduler.",
      examples=("monitors", "monitors all=true"))
def monitors(args: MonitorsIn, ctx: Context) -> MonitorsOut:
    counts: dict[str, int] = {}
    for incident in ctx.state.incidents():
        counts[incident.model] = counts.get(incident.model, 0) + 1
    return MonitorsOut(monitors=ctx.state.monitors(enabled_only=not args.all), scheduler=ctx.state.lease(SCHEDULER_LEASE),
                       open_incidents=counts)
