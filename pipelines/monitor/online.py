"""A/B and shadow tests read from the prediction log: per-arm traffic, latency, the primary metric on labelled
rows with a bootstrap interval, the difference with its interval, and a verdict."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

from pipelines import metrics

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from pipelines.config import ModelSpec

MIN_LABELS = 30  # per arm, before any verdict
N_BOOTSTRAP = 400
Verdict = Literal["better", "worse", "no clear difference yet", "not yet enough labels"]


class ArmStats(BaseModel):
    arm: str  # production | challenger | shadow
    versions: list[int]
    requests: int
    rows: int
    labelled: int
    p50_ms: float | None = None
    p99_ms: float | None = None
    metric: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None


class OnlineReport(BaseModel):
    model: str
    test_id: str
    mode: str  # split | shadow
    share: float
    running: bool
    started_at: datetime
    started_by: str
    stopped_at: datetime | None = None
    primary_metric: str
    greater_is_better: bool
    arms: list[ArmStats]
    difference: float | None = None  # challenger - production on the primary metric
    diff_low: float | None = None
    diff_high: float | None = None
    verdict: Verdict
    min_labels: int = MIN_LABELS


def report(spec: ModelSpec, frame: pd.DataFrame, *, test_id: str, mode: str, share: float, running: bool,
           started_at: datetime, started_by: str, stopped_at: datetime | None = None,
           random_state: int = 0) -> OnlineReport:
    """`frame` is prediction_log.read(...) for the test's rows (all arms, shadow included)."""
    import numpy as np

    challenger_arm = "shadow" if mode == "shadow" else "challenger"
    rows = frame[frame["test_id"] == test_id] if "test_id" in frame.columns else frame
    primary = metrics.metric(spec.task, spec.primary_metric)
    rng = np.random.default_rng(random_state)
    arms, samples = [], {}
    for arm in ("production", challenger_arm):
        part = rows[rows["arm"] == arm] if len(rows) else rows
        stats, parts = _arm(spec, arm, part, rng)
        arms.append(stats)
        samples[arm] = parts
    result = OnlineReport(model=spec.name, test_id=test_id, mode=mode, share=share, running=running,
                          started_at=started_at, started_by=started_by, stopped_at=stopped_at,
                          primary_metric=spec.primary_metric, greater_is_better=primary.greater_is_better,
                          arms=arms, verdict="not yet enough labels")
    a, b = arms
    if min(a.labelled, b.labelled) < MIN_LABELS or a.metric is None or b.metric is None:
        return result
    paired = mode == "shadow"  # the same requests scored by both: resample them together
    deltas = _bootstrap_difference(spec, samples["production"], samples[challenger_arm], paired=paired, rng=rng)
    if len(deltas) == 0:
        return result
    result.difference = b.metric - a.metric
    result.diff_low, result.diff_high = float(np.percentile(deltas, 2.5)), float(np.percentile(deltas, 97.5))
    if result.diff_low > 0 or result.diff_high < 0:
        result.verdict = "better" if (result.diff_low > 0) == primary.greater_is_better else "worse"
    else:
        result.verdict = "no clear difference yet"
    return result


def _arm(spec: ModelSpec, arm: str, part: pd.DataFrame, rng: np.random.Generator) -> tuple[ArmStats, tuple | None]:
    import numpy as np

    if part.empty:
        return ArmStats(arm=arm, versions=[], requests=0, rows=0, labelled=0), None
    latency = part.groupby("request_id")["latency_ms"].first().to_numpy()
    stats = ArmStats(arm=arm, versions=sorted(int(v) for v in part["version"].unique()),
                     requests=len(latency), rows=len(part), labelled=int(part[spec.target].notna().sum()),
                     p50_ms=float(np.percentile(latency, 50)), p99_ms=float(np.percentile(latency, 99)))
    labelled = part[part[spec.target].notna()].sort_values(["request_id", "row"])
    if len(labelled) < 2:
        return stats, None
    y_true, y_pred, scores = _arrays(spec, labelled)
    value = metrics.compute_one(spec.task, spec.primary_metric, y_true, y_pred, scores)
    if value == value:
        stats.metric = value
        boot = _bootstrap(spec, y_true, y_pred, scores, rng)
        if len(boot):
            stats.ci_low, stats.ci_high = float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))
    keys = (labelled["request_id"] + ":" + labelled["row"].astype(str)).to_numpy()
    return stats, (keys, y_true, y_pred, scores)


def _arrays(spec: ModelSpec, part: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    import numpy as np

    y_pred = np.asarray(part["prediction"].tolist())
    y_true = np.asarray(part[spec.target].tolist())
    if spec.task != "regression" and np.issubdtype(y_pred.dtype, np.integer):
        y_true = y_true.astype(y_pred.dtype)  # labels arrive as JSON numbers; 1.0 and 1 are one class
    scores = None
    if spec.task != "regression" and part["proba"].notna().all():
        scores = np.asarray(part["proba"].tolist(), dtype=float)
    return y_true, y_pred, scores


def _score(spec: ModelSpec, y: np.ndarray, p: np.ndarray, s: np.ndarray | None, idx: np.ndarray) -> float:
    return metrics.compute_one(spec.task, spec.primary_metric, y[idx], p[idx], None if s is None else s[idx])


def _bootstrap(spec: ModelSpec, y: np.ndarray, p: np.ndarray, s: np.ndarray | None, rng: np.random.Generator) -> list[float]:
    out = [_score(spec, y, p, s, rng.integers(0, len(y), len(y))) for _ in range(N_BOOTSTRAP)]
    return [v for v in out if v == v]  # a resample with one class has no AUC


def _bootstrap_difference(spec: ModelSpec, a: tuple, b: tuple, *, paired: bool, rng: np.random.Generator) -> list[float]:
    import numpy as np

    ka, ya, pa, sa = a
    kb, yb, pb, sb = b
    if paired:
        common, ia, ib = np.intersect1d(ka, kb, return_indices=True)
        if len(common) < MIN_LABELS:
            return []
        ya, pa, sa = ya[ia], pa[ia], None if sa is None else sa[ia]
        yb, pb, sb = yb[ib], pb[ib], None if sb is None else sb[ib]
    out = []
    for _ in range(N_BOOTSTRAP):
        ia = rng.integers(0, len(ya), len(ya))
        ib = ia if paired else rng.integers(0, len(yb), len(yb))
        diff = _score(spec, yb, pb, sb, ib) - _score(spec, ya, pa, sa, ia)
        if diff == diff:
            out.append(diff)
    return out
