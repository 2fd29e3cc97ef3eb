"""`deploy`: move production to a version that passes the promotion gate, after approval."""

from __future__ import annotations

from pydantic import Field, model_validator

from pipelines import promote
from pipelines.promote import MoveResult, Plan
from tools.context import Context
from tools.inputs import ModelName, ToolInput, VersionRef
from tools.registry import Role, tool


class DeployIn(ToolInput):
    model: ModelName
    version: VersionRef = Field(description="the version number (or alias, e.g. challenger) to promote")
    force: bool = Field(False, description="admins only: deploy even if the gate fails")
    reason: str | None = Field(None, max_length=500, description="why; required with force")

    @model_validator(mode="after")
    def _force_needs_reason(self) -> DeployIn:
        if self.force and not (self.reason or "").strip():
            raise ValueError('force=true needs a reason, e.g. reason="hotfix for the scorer"')
        return self


def _plan(args: DeployIn, ctx: Context) -> Plan:
    from tools.catalog.abtest import online_citation

    plan = promote.plan_deploy(ctx.spec(args.model), ctx.registry, version=args.version, force=args.force,
                               reason=args.reason)
    plan.online = online_citation(ctx, args.model, plan.to_version)
    return plan


def _execute(plan: Plan, args: DeployIn, ctx: Context, by: str) -> MoveResult:
    return promote.execute(plan, ctx.registry, by=by)


def _role(args: DeployIn) -> Role:
    return "admin" if args.force else "deployer"


@tool("deploy", doing="preparing a deploy of", input=DeployIn, result=MoveResult, role="deployer", mutates=True, needs_confirmation=True,
      positional=("model", "version"), plan=_plan, plan_type=Plan, execute=_execute, role_for=_role, slow=True,
      usage='deploy <model> <version> [force=true reason="…"]',
      description="Promote a version to production. It must beat production on the same held-out rows by the "
      "model's min_improvement and meet min_metric; a person with deploy rights must approve. Admins may force "
      "with a reason.",
      examples=("deploy cancer 2", 'deploy cancer 2 force=true reason="hotfix for the scorer"'))
def deploy(args: DeployIn, ctx: Context) -> MoveResult:
    return _execute(_plan(args, ctx), args, ctx, by="direct")
