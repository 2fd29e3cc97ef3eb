"""Two versions on identical rows: metric table, deltas, paired bootstrap interval, verdict."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from pipelines import bootstrap, metrics, scoring
from pipelines.config import ModelSpec
from pipelines.data import datasets, labels
from pipelines.data.datasets import Lineage
from pipelines.data.labels import Label
from pipelines.data.window import Window
from pipelines.registry import Registry

Verdict = Literal["better", "worse", "inconclusive", "same version"]


class MetricRow(BaseModel):
    name: str
    a: float
    b: float
    delta: float  # b - a
    greater_is_better: bool

    @property
    def improved(self) -> bool | None:
        if self.delta == 0 or self.delta != self.delta:
            return None
        return (self.delta > 0) == self.greater_is_better


class CompareResult(BaseModel):
    model: str
    a_ref: str
    b_ref: str
    a_version: int
    b_version: int
    primary_metric: str
    greater_is_better: bool
    rows: list[MetricRow]
    ci_low: float  # 95% paired bootstrap interval of (b - a) on the primary metric
    ci_high: float
    n_bootstrap: int
    verdict: Verdict  # of b against a
    n_rows: int
    bootstrap_rows: int = 0  # rows the interval was resampled from: a random subset when the holdout is huge
    lineage: Lineage
    positive_label: Label | None = None  # binary: the class roc_auc and f1 are about
    bootstrap_deltas: list[float] = []  # kept for the chart; excluded from JSON output

    def primary(self) -> MetricRow:
        return next(r for r in self.rows if r.name == self.primary_metric)


def compare(spec: ModelSpec, registry: Registry, *, a: str = "production", b: str = "challenger",
            window: Window | None = None, n_bootstrap: int = 1000, random_state: int = 0,
            max_bootstrap_rows: int = bootstrap.MAX_ROWS) -> CompareResult:
    import numpy as np

    registry.require(spec.name)
    found_a, found_b = registry.resolve(spec.name, a), registry.resolve(spec.name, b)
    va, vb = int(found_a.version), int(found_b.version)
    dataset = datasets.load(spec, window=window)
    rows = scoring.holdout(spec, dataset)
    X, y = rows[dataset.features], rows[dataset.target]
    fa = scoring.load_version(registry, spec.name, va, identity=found_a)
    fb = scoring.load_version(registry, spec.name, vb, identity=found_b)
    # One label encoding for both versions, so the paired resamples compare like with like.
    classes = None if spec.task == "regression" else labels.order(spec, [fa, fb], y)
    sa = scoring.predict(fa, spec, X, y, classes=classes)
    sb = scoring.predict(fb, spec, X, y, classes=classes)
    ma = metrics.compute(spec.task, sa.y_true, sa.y_pred, sa.scores)
    mb = metrics.compute(spec.task, sb.y_true, sb.y_pred, sb.scores)
    table = [
        MetricRow(name=name, a=ma[name], b=mb[name], delta=mb[name] - ma[name], greater_is_better=m.greater_is_better)
        for name, m in metrics.metrics_for_task(spec.task).items()
    ]
    table.sort(key=lambda r: r.name != spec.primary_metric)
    primary = metrics.metric(spec.task, spec.primary_metric)
    deltas, used = bootstrap.paired_deltas(spec.task, spec.primary_metric, sa, sb, n_bootstrap=n_bootstrap,
                                           random_state=random_state, max_rows=max_bootstrap_rows)
    low, high = (float(np.nanpercentile(deltas, 2.5)), float(np.nanpercentile(deltas, 97.5))) if len(deltas) else (0.0, 0.0)
    return CompareResult(
        model=spec.name, a_ref=a, b_ref=b, a_version=va, b_version=vb, primary_metric=spec.primary_metric,
        greater_is_better=primary.greater_is_better, rows=table, ci_low=low, ci_high=high,
        n_bootstrap=n_bootstrap, verdict=_verdict(va, vb, low, high, primary.greater_is_better),
        n_rows=len(rows), bootstrap_rows=used, lineage=dataset.lineage, positive_label=sa.positive_label,
        bootstrap_deltas=[float(d) for d in deltas],
    )


def _verdict(va: int, vb: int, low: float, high: float, greater_is_better: bool) -> Verdict:
    if va == vb:
        return "same version"
    if low > 0 or high < 0:
        return "better" if (low > 0) == greater_is_better else "worse"
    return "inconclusive"
