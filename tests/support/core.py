"""What the core-tool tests share: MLflow's own view of the store, and a Slack caller."""

from __future__ import annotations

import json
from typing import Any

from mlflow.tracking import MlflowClient

from tools.access import Caller
from tools.context import Context


def mlflow_client(ctx: Context) -> MlflowClient:
    """MLflow's own client on the bot's store (registry URI explicit: mlflow keeps a process-global one)."""
    return MlflowClient(tracking_uri=ctx.paths.mlflow_uri, registry_uri=ctx.paths.mlflow_uri)


def production(ctx: Context, model: str = "cancer") -> int | None:
    aliases = mlflow_client(ctx).get_registered_model(model).aliases
    return int(aliases["production"]) if "production" in aliases else None


def events(ctx: Context, model: str = "cancer") -> list[dict[str, Any]]:
    tags = mlflow_client(ctx).get_registered_model(model).tags
    return [json.loads(tags[k]) for k in sorted(tags) if k.startswith("mlops.event.")]


def slack(user: str) -> Caller:
    return Caller(user_id=user, surface="slack")
