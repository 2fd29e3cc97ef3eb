"""Severity from impact: what a check found is worth a page only when it costs performance.

The impact is the one the check already measured: the primary metric on the window's labelled rows (realised),
else the label-free CBPE estimate, each against the version's metric at training. A drop past the policy's
`impact_drop` (default: the model's `max_drop`) pages at once: critical when realised, high when estimated. A
drift whose impact was measured and is within the policy is a low-severity note for the daily digest. A drift
whose impact cannot be measured follows `unknown_impact`: alert (medium or high by the share of drifted
features, as before the policy) or a note.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

from pipelines.monitor.result import DriftCheck, Performance
from tools.monitoring.settings import SeverityPolicy

Severity = Literal["low", "medium", "high", "critical"]
PAGE = ("medium", "high", "critical")  # severities posted at once; "low" goes to the digest


class Impact(BaseModel):
    """How a check's finding was judged: on what basis, how much worse, against what threshold, and so how bad."""

    severity: Severity | None  # None: nothing to record
    basis: Literal["realised", "estimated", "none"]
    metric: str | None = None
    now: float | None = None
    at_training: float | None = None
    drop: float | None = None  # how much worse than at training; negative: better
    threshold: float
    reason: str

    @property
    def note(self) -> bool:
        """A note for the digest, not a page."""
        return self.severity == "low"


def assess(drift: DriftCheck, policy: SeverityPolicy, *, max_drop: float) -> Impact:
    threshold = policy.impact_drop if policy.impact_drop is not None else max_drop
    report = drift.report
    measured: Performance | None = drift.performance or drift.estimated  # labels beat an estimate
    basis: Literal["realised", "estimated", "none"] = (
        "realised" if drift.performance is not None else "estimated" if drift.estimated is not None else "none"
    )
    if measured is None:
        base = Impact(severity=None, basis="none", threshold=threshold, reason="")
    else:
        drop = (
            (measured.at_training - measured.now)
            if measured.greater_is_better
            else (measured.now - measured.at_training)
        )
        base = Impact(
            severity=None,
            basis=basis,
            metric=measured.metric,
            now=measured.now,
            at_training=measured.at_training,
            drop=drop,
            threshold=threshold,
            reason="",
        )
        how = "on labelled rows" if basis == "realised" else "estimated without labels (CBPE)"
        said = f"{measured.metric} {measured.now:.4f} vs {measured.at_training:.4f} at training ({how})"
        if drop > threshold:
            return base.model_copy(
                update={
                    "severity": "critical" if basis == "realised" else "high",
                    "reason": f"impact: {said}, {drop:.4f} worse, past the policy's {threshold:g}",
                }
            )
    if not report.enough_data or not report.dataset_drift:
        return base
    if measured is not None:
        return base.model_copy(
            update={
                "severity": "low",
                "reason": f"no impact: {said}, within the policy's {threshold:g}; a note for the daily digest",
            }
        )
    if policy.unknown_impact == "digest":
        return base.model_copy(
            update={
                "severity": "low",
                "reason": "impact unknown (no labels, no CBPE estimate); a note for the daily digest",
            }
        )
    return base.model_copy(
        update={
            "severity": "high" if report.drifted_share >= 0.75 else "medium",
            "reason": "impact unknown (no labels, no CBPE estimate): alerting on the drift itself",
        }
    )
