"""`snooze`: silence a model's incidents for a while (checks still run; nothing is posted until it ends)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field, field_validator

from pipelines.data.window import parse_duration
from pipelines.errors import UserError
from tools.access import Caller
from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.registry import tool
from tools.state.records import now


class SnoozeIn(ToolInput):
    model: ModelName
    duration: str = Field("24h", description="how long to stay quiet, e.g. 24h, 3d")

    @field_validator("duration")
    @classmethod
    def _duration(cls, value: str) -> str:
        if parse_duration(value, option="duration").days > 30:
            raise ValueError("snooze for at most 30d")
        return value


class SnoozeOut(BaseModel):
    model: str
    until: datetime
    by: str


@tool("snooze", doing="snoozing", input=SnoozeIn, result=SnoozeOut, role="trainer", mutates=True, positional=("model", "duration"),
      model_of=lambda args: None,  # silencing must not wait for a training that holds the model lock
      usage="snooze <model> [24h]",
      description="Silence a model's monitoring alerts for a while (default 24h): no new incident messages or "
      "follow-ups until it ends.",
      examples=("snooze cancer", "snooze cancer 3d"))
def snooze(args: SnoozeIn, ctx: Context, caller: Caller | None = None) -> SnoozeOut:
    until = now() + parse_duration(args.duration, option="duration")
    by = caller.user_id if caller else "direct"
    if not ctx.state.snooze(args.model, until=until, by=by):
        raise UserError(f"Model {args.model} has no monitor to snooze. Start one: monitor {args.model} every=1h")
    return SnoozeOut(model=args.model, until=until, by=by)
