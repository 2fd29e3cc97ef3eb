"""Root cause: which drifted features cost the model performance, ranked by that cost, not by drift alone.

For each drifted feature three numbers: its drift score (comparable across tests, > 1 past the threshold), the
version's reliance on it (permutation importance stored at training, importance.py) and its impact: how much of
the primary metric the window would get back if that feature alone were distributed as at training.

- Realised (labels in the window): the window's rows are re-weighted so the feature's distribution matches the
  reference profile (a density ratio over reference quantile bins), and the metric is computed with those
  weights. Re-weighting keeps each label with its own row; replacing values would break that pairing and make
  any relied-on feature look harmful.
- Estimated (no labels, binary with a stored calibration): the feature's values are replaced by draws from the
  reference profile and the label-free estimate (CBPE) is computed again. A feature the model ignores changes no
  prediction, so its impact is exactly zero.
- Neither: no impact; the ranking falls back to drift x importance.

Impact is computed for the drifted features only, on a seeded sample of the window: at most `max_labelled` rows
when realised (the sample is scored once; re-weighting is cheap), at most `max_rows` when estimated (the sample is
scored once more per drifted feature). benchmarks/bench_why.py measures that these samples keep the ranking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pipelines import metrics, scoring
from pipelines.config import ModelSpec
from pipelines.drift.profile import CategoricalProfile, NumericProfile, ReferenceProfile
from pipelines.drift.result import DriftReport
from pipelines.monitor.cbpe import Calibration
from pipelines.monitor.importance import Importance, weighted_metric
from pipelines.monitor.result import EstimatedImpact, FeatureCause

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

MAX_ROWS = 10_000  # rows of the estimated (CBPE) sample, scored 1 + drifted features times
MAX_LABELLED = 50_000  # rows of the realised sample, scored once
MAX_WEIGHT = 20.0  # a re-weighted row counts at most this many times (bounds the variance of rare bins)
BINS = 20
NEGLIGIBLE = 0.005  # an impact below this (in metric units) is no measurable effect


def attribute(spec: ModelSpec, *, profile: ReferenceProfile, current: pd.DataFrame, report: DriftReport, fitted: Any,
              classes: list[Any] | None, truth: np.ndarray | None, calibration: Calibration | None,
              importance: Importance | None, at_training: dict[str, float], max_rows: int = MAX_ROWS,
              max_labelled: int = MAX_LABELLED, random_state: int = 0, basis: Literal["auto", "realised", "estimated"] = "auto",
              ) -> tuple[EstimatedImpact, list[FeatureCause]]:
    """Rank the drifted features of `report` by impact. `truth` holds the encoded labels of the rows of `current`
    (NaN-free; None when the window has none); `at_training` the version's recorded metrics."""
    import numpy as np

    rng = np.random.default_rng(random_state)
    labelled = truth is not None and basis in ("auto", "realised")
    rows, cap = np.arange(len(current)), max_labelled if labelled else max_rows
    if len(rows) > cap:
        rows = np.sort(rng.choice(len(rows), cap, replace=False))
    sample = current.iloc[rows].reset_index(drop=True)
    drifted = [f for f in report.features if f.drifted and f.column in profile.features]
    relied = importance.features if importance is not None else {}
    causes = [FeatureCause(feature=f.column, drift=round(f.score, 4), importance=relied.get(f.column), impact=None,
                           method=f.method) for f in drifted]
    if labelled:
        impact = _realised(spec, profile, sample, truth[rows], causes, fitted, classes,  # type: ignore[index]
                           at_training)
    elif basis != "realised" and calibration is not None and spec.task == "binary":
        impact = _estimated(spec, profile, sample, causes, fitted, classes, calibration, at_training, rng)
    else:
        impact = EstimatedImpact(basis="none", rows=len(sample))
    return impact, rank(causes)


def rank(causes: list[FeatureCause]) -> list[FeatureCause]:
    """Impact first (unknown last); then reliance x drift, so an ignored feature sinks however far it drifted."""
    def key(c: FeatureCause) -> tuple[float, float, str]:
        impact = c.impact if c.impact is not None and c.impact == c.impact else float("-inf")
        return (-impact, -(max(c.importance or 0.0, 0.0) * c.drift), c.feature)

    return sorted(causes, key=key)


def verdict(model: str, impact: EstimatedImpact, causes: list[FeatureCause], report: DriftReport) -> str:
    """The one sentence a person reads first."""
    if not report.enough_data:
        return report.message
    where = {"realised": "on labelled rows", "estimated": "estimated without labels (CBPE)", "none": ""}[impact.basis]
    perf = ""
    if impact.now is not None and impact.at_training is not None:
        perf = f"{impact.metric} is {impact.now:.3f} vs {impact.at_training:.3f} at training ({where}). "
    if not causes:
        if impact.change is not None and _worse(impact, impact.change) > NEGLIGIBLE:
            return (f"{perf}No feature of {model} drifted, so the features do not explain the drop: the relation "
                    "between the features and the target has likely changed (concept drift); retrain on recent "
                    "labelled data.")
        return f"{perf}No feature of {model} drifted."
    top = causes[0]
    most = max(causes, key=lambda c: c.drift)
    if impact.basis == "none":
        return (f"{perf}{len(causes)} feature(s) of {model} drifted; {top.feature} ranks first by drift x the "
                "model's reliance on it (no labels and no label-free estimate to measure the effect).")
    if top.impact is None or top.impact < NEGLIGIBLE:
        return (f"{perf}{len(causes)} feature(s) of {model} drifted, but none measurably affects {impact.metric}: "
                "low impact.")
    text = (f"{perf}{top.feature} explains most of it: {impact.metric} would be {top.impact:+.3f} better with "
            f"{top.feature} as at training.")
    if most.feature != top.feature and (most.impact is None or most.impact < top.impact / 2):
        reliance = (f" (reliance {most.importance:.3f} vs {top.importance:.3f})"
                    if most.importance is not None and top.importance is not None else "")
        text += f" {most.feature} drifted most but costs less: the model relies on it less{reliance}."
    return text


# --- the two ways to measure impact ------------------------------------------------------------------------
def _realised(spec: ModelSpec, profile: ReferenceProfile, sample: pd.DataFrame, truth: np.ndarray,
              causes: list[FeatureCause], fitted: Any, classes: list[Any] | None,
              at_training: dict[str, float]) -> EstimatedImpact:
    import numpy as np

    name = spec.primary_metric
    scored = scoring.predict(fitted, spec, sample, None, classes=classes)
    now = metrics.compute_one(spec.task, name, truth, scored.y_pred, scored.scores)
    greater = metrics.metric(spec.task, name).greater_is_better
    for cause in causes:
        weights = _reference_weights(profile.features[cause.feature], sample[cause.feature])
        if weights is None:
            continue
        undone = weighted_metric(spec.task, name, truth, scored.y_pred, scored.scores, weights)
        if undone == undone and now == now:
            cause.impact = round(float((undone - now) if greater else (now - undone)), 6)
    recorded = at_training.get(name)
    return EstimatedImpact(basis="realised", metric=name, greater_is_better=greater, at_training=recorded, now=now,
                           change=None if recorded is None else now - recorded, rows=int(np.size(truth)))


def _estimated(spec: ModelSpec, profile: ReferenceProfile, sample: pd.DataFrame, causes: list[FeatureCause],
               fitted: Any, classes: list[Any] | None, calibration: Calibration, at_training: dict[str, float],
               rng: np.random.Generator) -> EstimatedImpact:
    import pandas as pd

    from pipelines.monitor import cbpe

    name = "roc_auc" if spec.primary_metric == "roc_auc" else "accuracy"
    copies = [sample]
    for cause in causes:
        undone = sample.copy()
        undone[cause.feature] = _reference_draws(profile.features[cause.feature], len(sample), rng,
                                                 like=sample[cause.feature])
        copies.append(undone)
    scored = scoring.predict(fitted, spec, pd.concat(copies, ignore_index=True), None, classes=classes)
    n = len(sample)

    def estimate(i: int) -> float | None:
        found = cbpe.estimate(calibration, scored.scores[i * n:(i + 1) * n, 1],  # type: ignore[index]
                              scored.y_pred[i * n:(i + 1) * n])
        return None if found is None else float(getattr(found, name))

    now = estimate(0)
    for i, cause in enumerate(causes, start=1):
        undone_value = estimate(i)
        if now is not None and undone_value is not None and now == now and undone_value == undone_value:
            cause.impact = round(undone_value - now, 6)
    recorded = at_training.get(name)
    return EstimatedImpact(basis="estimated", metric=name, at_training=recorded, now=now, rows=n,
                           change=None if recorded is None or now is None else now - recorded)


def _reference_weights(feature: NumericProfile | CategoricalProfile, column: pd.Series) -> np.ndarray | None:
    """Row weights making `column` distributed as in the reference: reference share / current share of each
    row's bin (reference quantile bins; categories; missing as a bin of its own), capped, mean 1."""
    import numpy as np

    ref_share, bins = _bins(feature, column)
    cur_share = np.bincount(bins, minlength=len(ref_share)) / max(len(bins), 1)
    ratio = np.divide(ref_share, cur_share, out=np.zeros_like(ref_share), where=cur_share > 0)
    weights = np.minimum(ratio[bins], MAX_WEIGHT)
    total = weights.sum()
    return None if total <= 0 else weights * (len(weights) / total)


def _bins(feature: NumericProfile | CategoricalProfile, column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(the reference's share of each bin, each current row's bin); the last bin is "missing"."""
    import numpy as np
    import pandas as pd

    missing = feature.missing_rate
    if isinstance(feature, NumericProfile):
        ref = np.asarray(feature.sample, dtype=float)
        edges = np.unique(np.quantile(ref, np.linspace(0, 1, BINS + 1)[1:-1])) if ref.size else np.array([])
        ref_share = np.bincount(np.searchsorted(edges, ref, side="right"), minlength=len(edges) + 1)
        ref_share = ref_share / max(ref.size, 1) * (1.0 - missing)
        values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
        bins = np.where(np.isfinite(values), np.searchsorted(edges, values, side="right"), len(edges) + 1)
        return np.r_[ref_share, missing], bins
    keys = list(feature.counts)
    counts = np.array(list(feature.counts.values()), dtype=float)
    ref_share = np.r_[counts / max(counts.sum(), 1.0) * (1.0 - missing), 0.0, missing]  # then: unseen, missing
    index = {k: i for i, k in enumerate(keys)}
    as_key = _key_function(feature)
    bins = np.array([len(keys) + 1 if pd.isna(v) else index.get(as_key(v), len(keys)) for v in column], dtype=int)
    return ref_share, bins


def _reference_draws(feature: NumericProfile | CategoricalProfile, n: int, rng: np.random.Generator, *,
                     like: pd.Series) -> np.ndarray:
    """`n` values distributed as the reference (its stored sample or category counts, missing at its rate)."""
    import numpy as np

    missing = rng.random(n) < feature.missing_rate
    if isinstance(feature, NumericProfile):
        sample = np.asarray(feature.sample, dtype=float)
        values = rng.choice(sample, n) if sample.size else np.full(n, np.nan)
        return np.where(missing, np.nan, values)
    counts = np.array(list(feature.counts.values()), dtype=float)
    keys = np.array([float(k) for k in feature.counts] if feature.numeric_keys else list(feature.counts), dtype=object)
    drawn = keys[rng.choice(len(keys), n, p=counts / counts.sum())] if counts.sum() > 0 else np.full(n, None)
    drawn = drawn.astype(float) if feature.numeric_keys else drawn
    drawn[missing] = np.nan if feature.numeric_keys else None
    return drawn.astype(like.dtype) if feature.numeric_keys and like.dtype.kind in "fi" and not missing.any() else drawn


def _key_function(feature: CategoricalProfile) -> Any:
    from pipelines.drift.columns import category_key

    if feature.numeric_keys:
        return lambda v: category_key(float(v))
    return str


def _worse(impact: EstimatedImpact, change: float) -> float:
    return -change if impact.greater_is_better else change

