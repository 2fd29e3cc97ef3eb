"""`validate`: the data validation gate on a training batch, against production's training profile."""

from __future__ import annotations

from pydantic import BaseModel

from pipelines.data import datasets
from pipelines.data.validate import ValidationReport, production_profile, validate_batch
from tools.context import Context
from tools.inputs import ModelName, Windowed
from tools.registry import tool


class ValidateIn(Windowed):
    model: ModelName


class ValidateOut(BaseModel):
    model: str
    window: str
    report: ValidationReport


@tool("validate_data", doing="validating the data of", verb="validate", input=ValidateIn, result=ValidateOut, positional=("model",), slow=True,
      usage="validate <model> [last=30d | since=DATE until=DATE]",
      description="Check a batch of the model's training data before training on it: columns and types, value "
      "ranges, category sets and missing rates against the production version's training profile.",
      examples=("validate cancer", "validate cancer last=30d"))
def validate_data(args: ValidateIn, ctx: Context) -> ValidateOut:
    spec = ctx.spec(args.model)
    profile = production_profile(spec, ctx.registry)
    frame = datasets.read_frame(spec, window=args.window())
    return ValidateOut(model=args.model, window=args.window().describe(), report=validate_batch(profile, frame))
