"""`evaluate`: metrics of a version or alias on the holdout of a window."""

from __future__ import annotations

from pydantic import Field

from pipelines import evaluate as evaluation
from pipelines.evaluate import EvaluateResult
from tools.context import Context
from tools.inputs import ModelName, VersionRef, Windowed
from tools.registry import tool


class EvaluateIn(Windowed):
    model: ModelName
    version: VersionRef = "production"
    live: bool = Field(False, description="score on the labelled rows of the live source (e.g. the prediction "
                                          "log) instead of the training source's holdout")


@tool("evaluate", doing="evaluating", input=EvaluateIn, result=EvaluateResult, positional=("model", "version"), slow=True,
      usage="evaluate <model> [version|alias] [last=30d] [live=true]",
      description="Score one version (default: production) on held-out rows of a data window, or with live=true "
      "on the labelled rows of the live source (the prediction log) in that window.",
      examples=("evaluate cancer", "evaluate cancer challenger last=30d", "evaluate cancer 3",
                "evaluate cancer live=true last=7d"))
def evaluate(args: EvaluateIn, ctx: Context) -> EvaluateResult:
    return evaluation.evaluate(ctx.spec(args.model), ctx.registry, ref=args.version, window=args.window(),
                               live=args.live)
