"""`snooze`: quiet one model's alerts, or every model's, for a while. Checks still run and incidents are recorded;
what would have been posted is told in one summary when the snooze ends (tools/monitoring/quiet.py)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from pipelines.data.window import parse_duration
from pipelines.errors import UserError
from tools.access import Caller
from tools.context import Context
from tools.inputs import ToolInput, _known_model
from tools.registry import tool
from tools.state.records import now

ALL = "all"


class SnoozeIn(ToolInput):
    model: str = Field(min_length=1, max_length=64, description="a configured model, e.g. cancer, or all")
    duration: str = Field("24h", description="how long to stay quiet, e.g. 2h, 24h, 3d")

    @field_validator("model")
    @classmethod
    def _model(cls, value: str, info: ValidationInfo) -> str:
        return ALL if value.lower() == ALL else _known_model(value, info)

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: str) -> str:
        if parse_duration(value, option="duration").days > 30:
            raise ValueError("snooze for at most 30d")
        return value


class SnoozeOut(BaseModel):
    model: str  # a model, or "all"
    models: list[str] = []  # the models snoozed
    until: datetime
    by: str


@tool("snooze", doing="snoozing", input=SnoozeIn, result=SnoozeOut, role="trainer", mutates=True, positional=("model", "duration"),
      model_of=lambda args: None,  # silencing must not wait for a training that holds the model lock
      usage="snooze <model|all> [24h]",
      description="Quiet a model's monitoring alerts, or every model's with all, for a while (default 24h): checks "
      "still run and incidents are recorded, nothing is posted, and one summary follows when it ends.",
      examples=("snooze cancer", "snooze cancer 2h", "snooze all 1h"))
def snooze(args: SnoozeIn, ctx: Context, caller: Caller | None = None) -> SnoozeOut:
    until = now() + parse_duration(args.duration, option="duration")
    by = caller.user_id if caller else "direct"
    if args.model == ALL:
        models = ctx.state.snooze_all(until=until, by=by)
        if not models:
            raise UserError("No model is monitored, so there is nothing to snooze. Start one: monitor <model> every=1h")
        return SnoozeOut(model=ALL, models=models, until=until, by=by)
    if not ctx.state.snooze(args.model, until=until, by=by):
        raise UserError(f"Model {args.model} has no monitor to snooze. Start one: monitor {args.model} every=1h")
    return SnoozeOut(model=args.model, models=[args.model], until=until, by=by)
