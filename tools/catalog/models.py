"""`models`: the configured models with their production and challenger versions."""

from __future__ import annotations

from pydantic import BaseModel

from pipelines.registry import CHALLENGER, PRODUCTION
from tools.context import Context
from tools.inputs import ToolInput
from tools.registry import tool


class ModelsIn(ToolInput):
    pass


class ModelRow(BaseModel):
    name: str
    description: str
    task: str
    primary_metric: str
    greater_is_better: bool
    versions: int
    production: int | None
    challenger: int | None
    production_metric: float | None  # as recorded at training on its holdout
    challenger_metric: float | None


class ModelsOut(BaseModel):
    models: list[ModelRow]


@tool("list_models", doing="listing the models", verb="models", input=ModelsIn, result=ModelsOut, usage="models",
      description="List the configured models with their production and challenger versions and primary metric.",
      examples=("models",))
def list_models(args: ModelsIn, ctx: Context) -> ModelsOut:
    from pipelines.metrics import metric

    registry = ctx.registry
    rows = []
    for name, spec in sorted(ctx.config.models.items()):
        aliases = registry.aliases(name)
        versions = registry.versions(name)
        runs = {v.version: v.run_id for v in versions}

        def recorded(version: int | None) -> float | None:
            if version is None or not runs.get(version):
                return None
            return registry.run(runs[version]).data.metrics.get(spec.primary_metric)

        rows.append(ModelRow(
            name=name, description=spec.description, task=spec.task, primary_metric=spec.primary_metric,
            greater_is_better=metric(spec.task, spec.primary_metric).greater_is_better, versions=len(versions),
            production=aliases.get(PRODUCTION), challenger=aliases.get(CHALLENGER),
            production_metric=recorded(aliases.get(PRODUCTION)), challenger_metric=recorded(aliases.get(CHALLENGER)),
        ))
    return ModelsOut(models=rows)
