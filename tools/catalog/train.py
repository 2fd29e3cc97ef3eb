"""`train`: fit a configured model on a data window and register it as the challenger."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import Field

from pipelines import train as training
from pipelines.train import TrainResult
from tools.context import Context
from tools.inputs import ModelName, Windowed
from tools.registry import tool


class TrainIn(Windowed):
    model: ModelName
    params: dict[str, Any] = Field(default_factory=dict,
                                   description="estimator parameter overrides, e.g. {\"n_estimators\": 300}")


@tool("train", doing="training", input=TrainIn, result=TrainResult, role="trainer", mutates=True, slow=True,
      positional=("model",), extra_options_field="params",
      usage="train <model> [last=30d | since=DATE until=DATE] [param=value …]",
      description="Train a new version of a model on a data window (optionally overriding estimator parameters), "
      "log it to MLflow and make it the challenger. Does not touch production.",
      examples=("train cancer", "train cancer last=90d n_estimators=300"))
def train(args: TrainIn, ctx: Context, progress: Callable[[str], None] | None = None) -> TrainResult:
    return training.train(ctx.spec(args.model), ctx.registry, window=args.window(), params=args.params,
                          config_digest=ctx.config.digest(), progress=progress)
