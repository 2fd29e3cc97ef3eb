"""`compare`: two versions on identical rows with a paired bootstrap interval and a verdict."""

from __future__ import annotations

from pydantic import Field

from pipelines import compare as comparison
from pipelines.compare import CompareResult
from tools.context import Context
from tools.inputs import ModelName, VersionRef, Windowed
from tools.registry import tool


class CompareIn(Windowed):
    model: ModelName
    a: VersionRef = Field("production", description="baseline version or alias")
    b: VersionRef = Field("challenger", description="candidate version or alias")


@tool("compare", doing="comparing", input=CompareIn, result=CompareResult, positional=("model", "a", "b"), slow=True,
      usage="compare <model> [a=production] [b=challenger] [last=30d]",
      description="Compare two versions (default production vs challenger) on the same held-out rows: metric "
      "table, deltas, 95% paired bootstrap interval of the primary metric and a verdict.",
      examples=("compare cancer", "compare cancer production 3"))
def compare(args: CompareIn, ctx: Context) -> CompareResult:
    return comparison.compare(ctx.spec(args.model), ctx.registry, a=args.a, b=args.b, window=args.window())
