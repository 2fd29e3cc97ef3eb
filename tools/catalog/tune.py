"""`tune`: a hyperparameter search whose best candidate becomes the challenger, compared with production."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import Field, field_validator

from pipelines import tune as tuning
from pipelines.data.window import parse_duration
from pipelines.errors import UserError
from pipelines.tune import TuneResult
from tools.context import Context
from tools.inputs import ModelName, Windowed
from tools.registry import tool


class TuneIn(Windowed):
    model: ModelName
    trials: int = Field(20, ge=1, le=500, description="how many parameter sets to try")
    budget: str | None = Field(None, description="stop starting trials after this long, e.g. 10m or 1h")
    ranges: dict[str, str] = Field(default_factory=dict,
                                   description='parameter ranges to search instead of the default space, e.g. '
                                   '{"max_depth": "2..12", "n_estimators": "50..400"}')

    @field_validator("budget")
    @classmethod
    def _budget_parses(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_duration(value, option="budget")
            except UserError as exc:
                raise ValueError(exc.message) from None
        return value

    @field_validator("ranges", mode="before")
    @classmethod
    def _ranges_parse(cls, value: object) -> object:
        if isinstance(value, dict):
            for name, text in value.items():
                try:
                    tuning.parse_range(name, str(text))
                except UserError as exc:
                    raise ValueError(exc.message) from None
            return {name: str(text) for name, text in value.items()}
        return value


@tool("tune", doing="tuning", input=TuneIn, result=TuneResult, role="trainer", mutates=True, slow=True, positional=("model",),
      extra_options_field="ranges",
      usage="tune <model> [trials=20] [budget=10m] [last=30d] [param=low..high …]",
      description="Search hyperparameters: try `trials` parameter sets (the estimator's default space, or the given "
      "low..high ranges), each scored by 3-fold cross-validation on the training rows and logged as a child run; "
      "register the best as the challenger and compare it with production. Cancel with cancel <job>.",
      examples=("tune cancer trials=40", "tune cancer trials=20 budget=5m max_depth=2..12 n_estimators=50..400"))
def tune(args: TuneIn, ctx: Context, progress: Callable[[str], None] | None = None) -> TuneResult:
    from tools.work.compute import trial_mapper

    spec = ctx.spec(args.model)
    map_trials, ran_on = trial_mapper(ctx.config.compute)
    space = {name: tuning.parse_range(name, text) for name, text in args.ranges.items()}
    budget = parse_duration(args.budget, option="budget").total_seconds() if args.budget else None
    window = args.window()
    return tuning.tune(spec, ctx.registry, trials=args.trials, window=None if window.is_all else window, space=space,
                       budget_s=budget, map_trials=map_trials, ran_on=ran_on, config_digest=ctx.config.digest(),
                       progress=progress)
