"""`drift`: the live window against production's training profile, with prediction drift and performance."""

from __future__ import annotations

from pipelines.monitor import health
from pipelines.monitor.result import DriftCheck
from tools.context import Context
from tools.inputs import ModelName, Windowed
from tools.registry import tool


class DriftIn(Windowed):
    model: ModelName


@tool("check_drift", doing="checking drift of", verb="drift", input=DriftIn, result=DriftCheck, positional=("model",), slow=True,
      usage="drift <model> [last=7d | since=DATE until=DATE]",
      description="Check the model's live data (default: last 7 days) for drift against the production version's "
      "training data: per-feature tests, prediction drift, and the primary metric now vs at training when labels exist.",
      examples=("drift cancer", "drift cancer last=30d", "drift cancer since=60d until=30d"))
def check_drift(args: DriftIn, ctx: Context) -> DriftCheck:
    from pipelines.monitor import large
    from tools.work.compute import dask_session

    window = args.window()
    spec = ctx.spec(args.model)
    if ctx.config.compute.backend == "dask" and large.supports(spec):
        # A Parquet live source is read and counted by partitions on the cluster, however large the window.
        with dask_session(ctx.config.compute):
            return health.check(spec, ctx.registry, window=None if window.is_all else window, engine="dask")
    return health.check(spec, ctx.registry, window=None if window.is_all else window,
                         chart_dir=ctx.paths.home / "charts")
