"""`why`: the drifted features of a model's live window, ranked by their estimated effect on its performance."""

from __future__ import annotations

from pipelines.monitor.result import RootCause
from tools.context import Context
from tools.inputs import ModelName, Windowed
from tools.registry import tool


class WhyIn(Windowed):
    model: ModelName


@tool("why", doing="finding the root cause for", input=WhyIn, result=RootCause, positional=("model",), slow=True,
      usage="why <model> [last=7d | since=DATE until=DATE]",
      description="Explain a drift or degradation of the model's live window (default: last 7 days): the drifted "
      "features ranked by their estimated effect on the primary metric (realised where labels exist, estimated "
      "without labels otherwise), with each feature's drift score and how much production relies on it.",
      examples=("why cancer", "why cancer last=30d"))
def why(args: WhyIn, ctx: Context) -> RootCause:
    from pipelines.monitor.explain import explain

    window = args.window()
    return explain(ctx.spec(args.model), ctx.registry, window=None if window.is_all else window,
                   chart_dir=ctx.paths.home / "charts")
