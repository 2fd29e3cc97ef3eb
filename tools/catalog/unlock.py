"""`unlock`: an admin releases a model's lock by hand (after approval), ending a dead holder's runs."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from pipelines.errors import UserError
from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.registry import tool
from tools.state.records import model_lease, now


class UnlockIn(ToolInput):
    model: ModelName
    reason: str | None = Field(None, max_length=500, description="why the lock is released, for the audit trail")


class UnlockPlan(BaseModel):
    """The lock as the admin saw it when asking; Approve releases exactly this lock, not a later one."""

    model: str
    token: str
    tool: str  # what holds the lock
    holder: str
    since: datetime
    heartbeat_at: datetime
    owner: str | None  # "pid 123 on host" when known
    owner_alive: bool | None  # None: on another host, only its heartbeat can tell
    stale: str | None  # why the holder is judged gone, if it is
    reason: str | None = None


class UnlockResult(UnlockPlan):
    failed_runs: list[str] = []  # pydantic copies the default per instance


def _plan(args: UnlockIn, ctx: Context) -> UnlockPlan:
    held = ctx.state.lease(model_lease(args.model))
    if held is None:
        raise UserError(f"Model {args.model} is not locked; nothing to release.")
    return UnlockPlan(model=args.model, token=held.token, tool=held.purpose, holder=held.holder, since=held.acquired_at,
                      heartbeat_at=held.heartbeat_at,
                      owner=f"pid {held.owner.pid} on {held.owner.host}" if held.owner else None,
                      owner_alive=held.owner.alive() if held.owner else None, stale=held.why_stale(now=now()),
                      reason=args.reason)


def _execute(plan: UnlockPlan, args: UnlockIn, ctx: Context, by: str) -> UnlockResult:
    from tools.work.lease import recover

    held = ctx.state.force_release(model_lease(plan.model), token=plan.token)
    if held is None:
        raise UserError(f"The lock of {plan.model} changed since this was asked (released, or taken by another "
                        "action); nothing was changed.")
    runs: list[str] = []
    stale = held.why_stale(now=now())
    if stale:  # the holder is gone: its runs will never end by themselves. A live holder still ends its own.
        runs = recover(ctx, held, reason=f"{stale}; released by {by} ({args.reason or 'no reason given'})",
                       by=f"{by} (unlock)")
    return UnlockResult(**plan.model_dump(), failed_runs=runs)


@tool("unlock", input=UnlockIn, result=UnlockResult, role="admin", mutates=True, needs_confirmation=True,
      takes_lock=False, plan=_plan, plan_type=UnlockPlan, execute=_execute, positional=("model",),
      usage='unlock <model> [reason="…"]',
      description="Release a model's lock by hand when the action holding it is stuck or its process died. "
      "Admins only, after approval; a dead holder's MLflow runs are marked FAILED.",
      examples=("unlock cancer", 'unlock cancer reason="the trainer host was rebooted"'))
def unlock(args: UnlockIn, ctx: Context) -> UnlockResult:
    return _execute(_plan(args, ctx), args, ctx, by="direct")
