"""What a health check of production reports: drift of its live window, predictions, performance, an estimate."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

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
    estimated: Performance | None = None  # that estimate against the version's metric at training
    chart_path: str | None = None
    chart_artifact: str | None = None

    @property
    def alarming(self) -> bool:
        return self.report.dataset_drift or bool(self.performance and self.performance.degraded)


Basis = Literal["realised", "estimated", "none"]


class FeatureCause(BaseModel):
    feature: str
    drift: float = Field(description="drift score: > 1 is past the drift threshold")
    importance: float | None = Field(description="worsening of the metric when shuffled at training")
    impact: float | None = Field(description="metric points the window would regain with this feature as at "
                                             "training; positive: its drift costs performance")
    drifted: bool = True
    method: str = ""


class EstimatedImpact(BaseModel):
    basis: Basis
    metric: str | None = None
    greater_is_better: bool = True
    at_training: float | None = None
    now: float | None = None  # on the window's sample: realised on its labelled rows, else estimated
    change: float | None = None  # now - at_training
    rows: int = 0  # rows the impact was computed on


class RootCause(BaseModel):
    """What `why` answers: the verdict, the performance at stake, and the drifted features ranked by impact."""

    model: str
    version: int
    window: str
    verdict: str
    estimated_impact: EstimatedImpact
    features: list[FeatureCause]  # drifted features, highest impact first
    drifted: int = 0
    n_features: int = 0
    n_current: int = 0
    chart_path: str | None = None  # the top feature, reference vs current
