"""`reproduce`: rebuild a version from its recorded lineage and compare; registers nothing."""

from __future__ import annotations

from collections.abc import Callable

from pipelines.lineage import reproduce as reproduction
from pipelines.lineage.reproduce import ReproduceResult
from tools.context import Context
from tools.inputs import ModelName, ToolInput, VersionRef
from tools.registry import tool


class ReproduceIn(ToolInput):
    model: ModelName
    version: VersionRef = "production"


@tool("reproduce", doing="reproducing", input=ReproduceIn, result=ReproduceResult, role="trainer",
      positional=("model", "version"), slow=True, usage="reproduce <model> [version|alias]",
      description="Retrain a version from its recorded lineage (the same data by its hash, params and seed) and "
      "say whether every metric comes out identical, and what differs (data, config, code, libraries). "
      "Registers nothing.",
      examples=("reproduce cancer 1", "reproduce cancer production"))
def reproduce(args: ReproduceIn, ctx: Context, progress: Callable[[str], None] | None = None) -> ReproduceResult:
    return reproduction.reproduce(ctx.spec(args.model), ctx.registry, version=args.version,
                                  config_digest=ctx.config.digest(), progress=progress)
