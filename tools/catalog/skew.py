"""`skew`: online features served against Feast's offline features for the same entity and moment, per feature."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import Field

from pipelines.monitor.feature_skew import SkewReport, check
from tools.context import Context
from tools.inputs import ModelName, Windowed
from tools.registry import tool


class SkewIn(Windowed):
    model: ModelName
    sample: int = Field(500, ge=1, le=100_000, description="compare this many of the most recent served rows")


@tool(
    "feature_skew",
    verb="skew",
    doing="checking feature skew of",
    input=SkewIn,
    result=SkewReport,
    positional=("model",),
    slow=True,
    usage="skew <model> [last=1d | since=DATE until=DATE] [sample=500]",
    description="Compare, for a sample of recent requests the prediction service answered from entity keys, the "
    "feature values it read from the Feast online store with the offline values for the same entity and time: "
    "the mismatch rate per feature (training/serving skew).",
    examples=("skew drivers", "skew drivers last=6h sample=200"),
)
def feature_skew(args: SkewIn, ctx: Context) -> SkewReport:
    window = args.window() if not args.window().is_all else args.window().model_copy(update={"last": "1d"})
    start, end = window.resolve(datetime.now(UTC))
    return check(ctx.spec(args.model), log_url=ctx.paths.state_db_url, start=start, end=end, sample=args.sample)
