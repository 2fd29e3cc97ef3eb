"""`monitor`: start, change, stop or show the scheduled check of one model (changes need approval)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from pipelines.data.window import parse_duration
from pipelines.errors import UsageError, UserError
from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.monitoring.settings import MonitorSpec
from tools.registry import tool
from tools.state import Incident, Monitor

_SETTINGS = ("every", "channel", "window", "cooldown", "on_drift", "on_new_data", "auto_deploy", "min_new_rows",
             "materialize")
_CHANNEL_LINK = re.compile(r"^<#([A-Z0-9]+)(?:\|[^>]*)?>$")


class MonitorIn(ToolInput):
    model: ModelName
    state: Literal["on", "off"] | None = Field(None, description="off stops the monitor, on starts it again")
    every: str | None = Field(None, description="how often to check, e.g. 30m, 1h, 10s")
    channel: str | None = Field(None, max_length=80, description="where alerts go, e.g. #ml-alerts (default: here)")
    window: str | None = Field(None, description="live window each check looks at, e.g. 7d")
    cooldown: str | None = Field(None, description="at most one follow-up per incident this often (default 6h)")
    on_drift: Literal["alert", "retrain"] | None = Field(None, description="alert only, or also retrain on drift")
    on_new_data: Literal["ignore", "retrain"] | None = Field(None, description="retrain when the training data grew")
    auto_deploy: bool | None = Field(None, description="deploy a retrained challenger that passes the gate")
    min_new_rows: int | None = Field(None, ge=1, description="rows the training source must grow by to count as new")
    materialize: bool | None = Field(None, description="a Feast-fed model: materialize its online store before each "
                                                       "check")
    origin: str | None = Field(None, max_length=80, description="the channel the request came from (set by Slack)")

    @field_validator("every", "window", "cooldown")
    @classmethod
    def _duration(cls, value: str | None, info: Any) -> str | None:
        if value is not None:
            parse_duration(value, option=info.field_name)
        return value

    @field_validator("channel", "origin")
    @classmethod
    def _channel(cls, value: str | None) -> str | None:
        if value is None:
            return None
        linked = _CHANNEL_LINK.match(value)  # Slack turns a typed #channel into <#C123|name>
        if linked:
            return linked.group(1)
        if not re.fullmatch(r"#?[a-z0-9][a-z0-9_-]{0,79}|[CGD][A-Z0-9_]{2,}", value):
            raise ValueError(f"'{value}' is not a channel: use #name")
        return value

    def is_query(self) -> bool:
        return self.state is None and all(getattr(self, name) is None for name in _SETTINGS)


class MonitorPlan(BaseModel):
    model: str
    action: Literal["start", "change", "stop"]
    before: MonitorSpec | None
    after: MonitorSpec
    enabled: bool


class MonitorOut(BaseModel):
    model: str
    action: Literal["started", "changed", "stopped", "shown"]
    monitor: Monitor | None
    open_incidents: list[Incident] = []


def _plan(args: MonitorIn, ctx: Context) -> MonitorPlan:
    current = ctx.state.monitor(args.model)
    if args.state == "off":
        if current is None or not current.enabled:
            raise UserError(f"Model {args.model} has no running monitor; nothing to stop.")
        return MonitorPlan(model=args.model, action="stop", before=current.settings, after=current.settings,
                           enabled=False)
    base = current.settings if current else (ctx.spec(args.model).monitor or MonitorSpec())
    given = {name: getattr(args, name) for name in _SETTINGS if getattr(args, name) is not None}
    after = base.model_copy(update=given)
    after.channel = after.channel or args.origin
    if after.materialize and ctx.spec(args.model).source.kind != "feast":
        raise UserError(f"Model {args.model} does not read its features from Feast: materialize=true does not apply.")
    if not after.channel:
        raise UsageError("Say where alerts should go: add channel=#ml-alerts.",
                         hint=f"Usage: {MONITOR_USAGE}")
    running = current is not None and current.enabled
    if running and after == current.settings:  # type: ignore[union-attr]
        raise UserError(f"The monitor of {args.model} already runs with these settings; nothing to change.")
    return MonitorPlan(model=args.model, action="change" if running else "start",
                       before=current.settings if current else None, after=after, enabled=True)


def _execute(plan: MonitorPlan, args: MonitorIn, ctx: Context, by: str) -> MonitorOut:
    monitor = ctx.state.save_monitor(plan.model, plan.after, enabled=plan.enabled, set_by=by, surface="approval")
    action = {"start": "started", "change": "changed", "stop": "stopped"}[plan.action]
    return MonitorOut(model=plan.model, action=action, monitor=monitor)  # type: ignore[arg-type]


MONITOR_USAGE = "monitor <model> [every=1h] [channel=#x] [on_drift=alert|retrain] [auto_deploy=true] | monitor <model> off"


@tool("monitor", doing="looking at the monitor of", input=MonitorIn, result=MonitorOut, role="deployer", mutates=True, needs_confirmation=True,
      positional=("model", "state"), plan=_plan, plan_type=MonitorPlan, execute=_execute,
      reads_only=lambda args: args.is_query(), origin_field="origin", usage=MONITOR_USAGE,
      description="Start, change or stop the scheduled drift and new-data check of a model (needs approval), or "
      "show its state when given no options. Alerts go to channel (default: where it was asked); on_drift=retrain "
      "retrains automatically and auto_deploy=true deploys a challenger that passes the promotion gate.",
      examples=("monitor cancer every=30m", "monitor cancer every=1h channel=#ml-alerts", "monitor cancer off",
                "monitor cancer"))
def monitor(args: MonitorIn, ctx: Context) -> MonitorOut:
    if args.is_query():
        return MonitorOut(model=args.model, action="shown", monitor=ctx.state.monitor(args.model),
                          open_incidents=ctx.state.incidents(model=args.model))
    return _execute(_plan(args, ctx), args, ctx, by="direct")
