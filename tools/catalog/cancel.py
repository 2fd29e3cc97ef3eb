"""`cancel`: stop a running job (train, tune, drift…): a queued one at once, a running one at its next step."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator

from tools.access import Caller
from tools.context import Context
from tools.inputs import ToolInput
from tools.registry import tool


class CancelIn(ToolInput):
    job: str = Field(description="the job id from its Working… message or status, e.g. j3f9a1c")

    @field_validator("job")
    @classmethod
    def _looks_like_a_job(cls, value: str) -> str:
        if not re.fullmatch(r"j[0-9a-f]{6}", value.lower()):
            raise ValueError(f"'{value}' is not a job id: they look like j3f9a1c (shown by status <model>)")
        return value.lower()


class CancelOut(BaseModel):
    job: str
    tool: str
    model: str | None
    status: str  # cancelled (it had not started) | stopping (it stops at its next progress point)
    text: str | None = None


@tool("cancel", input=CancelIn, result=CancelOut, role="trainer", mutates=True, inline=True, positional=("job",),
      model_of=lambda args: None,  # never waits for the model's lock: the job it stops holds it
      usage="cancel <job>",
      description="Stop a running or queued job (train, tune, compare, drift) by its id, shown in its Working… "
      "message and in status. A queued job never starts; a running one stops at its next step (a tune between "
      "trials) and registers nothing.",
      examples=("cancel j3f9a1c",))
def cancel(args: CancelIn, ctx: Context, caller: Caller | None = None) -> CancelOut:
    job = ctx.state.request_cancel(args.job, by=caller.user_id if caller else "someone")
    return CancelOut(job=job.id, tool=job.tool, model=job.model, text=job.text,
                     status="cancelled" if job.status == "cancelled" else "stopping")
