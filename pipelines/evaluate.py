"""Metrics of one registered version on the holdout of a data window."""

from __future__ import annotations

from pydantic import BaseModel

from pipelines import data, metrics, scoring
from pipelines.config import ModelSpec
from pipelines.data import Lineage
from pipelines.labels import Label
from pipelines.registry import Registry
from pipelines.window import Window


class EvaluateResult(BaseModel):
    model: str
    version: int
    aliases: list[str]
    metrics: dict[str, float]
    primary_metric: str
    greater_is_better: bool
    rows: int
    lineage: Lineage
    trained_metrics: dict[str, float]  # what the run recorded at training, for a quick "still as good?"
    positive_label: Label | None = None  # binary: the class roc_auc and f1 are about


def evaluate(spec: ModelSpec, registry: Registry, *, ref: str = "production", window: Window | None = None) -> EvaluateResult:
    registry.require(spec.name)
    version = registry.resolve(spec.name, ref)
    dataset = data.load(spec, window=window)
    rows = scoring.holdout(spec, dataset)
    fitted = scoring.load_version(registry, spec.name, int(version.version))
    scored = scoring.predict(fitted, spec, rows[dataset.features], rows[dataset.target])
    trained = registry.run(version.run_id).data.metrics if version.run_id else {}
    return EvaluateResult(
        model=spec.name, version=int(version.version), aliases=sorted(version.aliases or []),
        metrics=metrics.compute(spec.task, scored.y_true, scored.y_pred, scored.scores),
        primary_metric=spec.primary_metric,
        greater_is_better=metrics.metric(spec.task, spec.primary_metric).greater_is_better,
        rows=len(rows), lineage=dataset.lineage, trained_metrics=dict(trained),
        positive_label=scored.positive_label,
    )
