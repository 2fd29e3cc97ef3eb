"""Metrics of one registered version on the holdout of a data window."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from pipelines import metrics, scoring
from pipelines.config import ModelSpec
from pipelines.data import datasets
from pipelines.data.datasets import Lineage
from pipelines.data.labels import Label
from pipelines.data.window import Window
from pipelines.errors import DataError
from pipelines.registry import Registry


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
    on: str = "holdout"  # holdout (training source) | live (labelled rows of the live source)


def evaluate(spec: ModelSpec, registry: Registry, *, ref: str = "production", window: Window | None = None,
             live: bool = False) -> EvaluateResult:
    """On the training source's holdout, or (`live`) on the labelled rows of the live source's window."""
    registry.require(spec.name)
    version = registry.resolve(spec.name, ref)
    dataset = datasets.load(spec, window=window, live=live)
    rows = _labelled(spec, dataset) if live else scoring.holdout(spec, dataset)
    fitted = scoring.load_version(registry, spec.name, int(version.version))
    scored = scoring.predict(fitted, spec, rows[dataset.features], rows[dataset.target])
    trained = registry.run(version.run_id).data.metrics if version.run_id else {}
    return EvaluateResult(
        model=spec.name, version=int(version.version), aliases=sorted(version.aliases or []),
        metrics=metrics.compute(spec.task, scored.y_true, scored.y_pred, scored.scores),
        primary_metric=spec.primary_metric,
        greater_is_better=metrics.metric(spec.task, spec.primary_metric).greater_is_better,
        rows=len(rows), lineage=dataset.lineage, trained_metrics=dict(trained), on="live" if live else "holdout",
        positive_label=scored.positive_label,
    )


def _labelled(spec: ModelSpec, dataset: datasets.Dataset) -> Any:
    """Live traffic was never trained on, so every labelled row counts (labels may arrive for a part only)."""
    rows = dataset.frame[dataset.frame[spec.target].notna()]
    if rows.empty:
        raise DataError(f"None of the {dataset.lineage.rows} live rows of model {spec.name} in {dataset.lineage.window} "
                        "has a label yet. Labels arrive through the prediction service's /feedback.")
    return rows
