"""What a health check of production reports: drift of its live window, predictions, performance, an estimate."""

from __future__ import annotations

from pydantic import BaseModel

from pipelines.config import ModelSpec
from pipelines.data.datasets import Lineage
from pipelines.drift.result import DriftReport, FeatureDrift
from pipelines.monitor.cbpe import Estimate


class Performance(BaseModel):
    metric: str
    greater_is_better: bool
    now: float
    at_training: float
    change: float  # now - at_training
    max_drop: float
    degraded: bool
    rows: int

    @classmethod
    def judge(cls, spec: ModelSpec, *, now: float, at_training: float, rows: int) -> Performance:
        """The primary metric now against at training: degraded when it worsened by more than `max_drop`."""
        from pipelines import metrics

        greater = metrics.metric(spec.task, spec.primary_metric).greater_is_better
        worse_by = (at_training - now) if greater else (now - at_training)
        return cls(metric=spec.primary_metric, greater_is_better=greater, now=now, at_training=at_training,
                   change=now - at_training, max_drop=spec.max_drop, degraded=bool(worse_by > spec.max_drop),
                   rows=rows)


class DriftCheck(BaseModel):
    model: str
    version: int
    window: str
    lineage: Lineage
    report: DriftReport
    prediction: FeatureDrift | None = None
    performance: Performance | None = None
    estimate: Estimate | None = None  # label-free (CBPE), binary classifiers, on every row of the window
    chart_path: str | None = None
    chart_artifact: str | None = None

    @property
    def alarming(self) -> bool:
        return self.report.dataset_drift or bool(self.performance and self.performance.degraded)
