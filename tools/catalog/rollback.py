"""`rollback`: move production back to the version before it (or a named earlier one), after approval."""

from __future__ import annotations

from pydantic import Field

from pipelines import promote
from pipelines.promote import MoveResult, Plan
from tools.context import Context
from tools.inputs import ModelName, ToolInput, VersionRef
from tools.registry import tool


class RollbackIn(ToolInput):
    model: ModelName
    version: VersionRef | None = Field(None, description="an earlier production version; default the previous one")


def _plan(args: RollbackIn, ctx: Context) -> Plan:
    return promote.plan_rollback(ctx.spec(args.model), ctx.registry, version=args.version)


def _execute(plan: Plan, args: RollbackIn, ctx: Context, by: str) -> MoveResult:
    return promote.execute(plan, ctx.registry, by=by)


@tool("rollback", doing="preparing a rollback of", input=RollbackIn, result=MoveResult, role="deployer", mutates=True, needs_confirmation=True,
      positional=("model", "version"), plan=_plan, plan_type=Plan, execute=_execute,
      usage="rollback <model> [version]",
      description="Put production back on the version it had before the last deploy, or on a named earlier "
      "production version. Needs approval.",
      examples=("rollback cancer", "rollback cancer 1"))
def rollback(args: RollbackIn, ctx: Context) -> MoveResult:
    return _execute(_plan(args, ctx), args, ctx, by="direct")
