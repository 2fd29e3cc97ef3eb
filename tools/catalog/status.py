"""`status`: a model's versions, aliases, recorded metrics and pending approvals."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from pipelines.registry import CHALLENGER, PRODUCTION
from tools.context import Context
from tools.inputs import ModelName, ToolInput
from tools.registry import tool


class StatusIn(ToolInput):
    model: ModelName


class VersionRow(BaseModel):
    version: int
    aliases: list[str]
    created_at: datetime
    metric: float | None
    window: str | None
    rows: int | None
    run_id: str | None


class PendingRow(BaseModel):
    approval_id: str
    tool: str
    requested_by: str
    expires_at: datetime
    to_version: int | None


class JobRow(BaseModel):
    job: str
    tool: str
    status: str
    user_id: str
    progress: str | None
    created_at: datetime
    worker: str | None


class StatusOut(BaseModel):
    model: str
    description: str
    primary_metric: str
    production: int | None
    challenger: int | None
    versions: list[VersionRow]  # newest first, at most 10
    total_versions: int
    pending: list[PendingRow]
    jobs: list[JobRow] = []  # queued and running, on whichever worker
    mlflow_ui_url: str | None = None
    experiment_id: str | None = None


@tool("status", doing="looking up", input=StatusIn, result=StatusOut, positional=("model",), usage="status <model>",
      description="Show a model's versions, which one is production and challenger, their recorded primary "
      "metric and training window, pending approvals and running jobs.", examples=("status cancer",))
def status(args: StatusIn, ctx: Context) -> StatusOut:
    # The config as written: a read needs no estimator check (it imports scikit-learn, seconds on a CLI start).
    spec = ctx.config.models[args.model]
    registry = ctx.registry
    versions = registry.versions(args.model)
    rows = []
    for v in reversed(versions[-10:]):
        run = registry.run(v.run_id) if v.run_id else None
        tags = run.data.tags if run else {}
        rows.append(VersionRow(version=v.version, aliases=v.aliases, created_at=v.created_at, run_id=v.run_id,
                               metric=run.data.metrics.get(spec.primary_metric) if run else None,
                               window=tags.get("mlops.window"), rows=int(tags["mlops.rows"]) if "mlops.rows" in tags else None))
    aliases = registry.aliases(args.model)
    pending = [PendingRow(approval_id=a.id, tool=a.tool, requested_by=a.requested_by, expires_at=a.expires_at,
                          to_version=(a.plan or {}).get("to_version")) for a in ctx.state.pending_approvals(model=args.model)]
    jobs = [JobRow(job=j.id, tool=j.tool, status=j.status, user_id=j.user_id, progress=j.progress,
                   created_at=j.created_at, worker=j.worker) for j in ctx.state.active_jobs(model=args.model)]
    experiment = registry.client.get_experiment_by_name(f"mlops/{args.model}")
    return StatusOut(model=args.model, description=spec.description, primary_metric=spec.primary_metric,
                     production=aliases.get(PRODUCTION), challenger=aliases.get(CHALLENGER), versions=rows,
                     total_versions=len(versions), pending=pending, jobs=jobs, mlflow_ui_url=ctx.paths.mlflow_ui_url,
                     experiment_id=experiment.experiment_id if experiment else None)
