"""`alerts`: open incidents (drift, degradation, failing monitoring), newest first, for one model or all."""

from __future__ import annotations

from pydantic import BaseModel, Field

from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.registry import tool
from tools.state import Incident


class AlertsIn(ToolInput):
    model: ModelName | None = Field(None, description="only this model's incidents")
    all: bool = Field(False, description="include resolved incidents")


class AlertsOut(BaseModel):
    model: str | None
    include_resolved: bool
    incidents: list[Incident]


@tool("alerts", doing="reading the alerts", input=AlertsIn, result=AlertsOut, positional=("model",), usage="alerts [model] [all=true]",
      description="List open incidents from the monitors (drift, metric drops, failing checks), newest first, "
      "with severity and production version; all=true adds resolved ones.",
      examples=("alerts", "alerts cancer", "alerts cancer all=true"))
def alerts(args: AlertsIn, ctx: Context) -> AlertsOut:
    return AlertsOut(model=args.model, include_resolved=args.all,
                     incidents=ctx.state.incidents(model=args.model, open_only=not args.all, limit=30))
