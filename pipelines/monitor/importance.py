"""How much a version relies on each feature: permutation importance on its holdout, made once at training.

A feature's importance is how much the primary metric worsens when that feature's values are shuffled among the
holdout rows (the mean over a few shuffles), so it is in the metric's own units and positive means "relied on".
Every shuffled copy is scored in one batch: a forest pays its per-call overhead once, not once per feature.
Also here: the primary metric with row weights, which root cause uses to re-weigh a window (rootcause.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from pipelines import metrics, scoring
from pipelines.config import ModelSpec
from pipelines.data.labels import Label

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

IMPORTANCE_ARTIFACT = "drift/importance.json"  # beside the reference profile of the same run
ROW_BUDGET = 60_000  # shuffled rows scored at training, all features and repeats together


class Importance(BaseModel):
    """Permutation importance of one version, stored as a JSON artifact of its training run."""

    metric: str
    rows: int = Field(description="holdout rows each shuffle was scored on")
    repeats: int
    features: dict[str, float] = Field(description="mean worsening of the metric when the feature is shuffled")


def permutation_importance(fitted: Any, spec: ModelSpec, X: pd.DataFrame, y_true: np.ndarray, *,
                           classes: list[Label] | None, repeats: int = 3, random_state: int = 0,
                           row_budget: int = ROW_BUDGET) -> Importance:
    """Importance of every column of X for `fitted`, judged by the spec's primary metric on (X, y_true).

    `y_true` is encoded as scoring.predict encodes labels (class ids in `classes` order). At most `row_budget`
    shuffled rows are scored in all: on a large holdout each shuffle uses a seeded subset of the rows.
    """
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(random_state)
    columns = list(X.columns)
    per_copy = max(200, row_budget // max(1, len(columns) * repeats))
    if len(X) > per_copy:
        keep = np.sort(rng.choice(len(X), per_copy, replace=False))
        X, y_true = X.iloc[keep], np.asarray(y_true)[keep]
    X = X.reset_index(drop=True)
    base = _score(fitted, spec, X, y_true, classes)
    copies = []
    for column in columns:
        for _ in range(repeats):
            shuffled = X.copy()
            shuffled[column] = X[column].to_numpy()[rng.permutation(len(X))]
            copies.append(shuffled)
    if not copies:
        return Importance(metric=spec.primary_metric, rows=len(X), repeats=repeats, features={})
    scored = scoring.predict(fitted, spec, pd.concat(copies, ignore_index=True), None, classes=classes)
    greater = metrics.metric(spec.task, spec.primary_metric).greater_is_better
    drops: dict[str, float] = {}
    for i, column in enumerate(columns):
        values = []
        for r in range(repeats):
            part = slice((i * repeats + r) * len(X), (i * repeats + r + 1) * len(X))
            value = metrics.compute_one(spec.task, spec.primary_metric, y_true, scored.y_pred[part],
                                        None if scored.scores is None else scored.scores[part])
            values.append((base - value) if greater else (value - base))
        mean = float(np.nanmean(values)) if not np.all(np.isnan(values)) else 0.0
        drops[str(column)] = round(mean, 6)
    return Importance(metric=spec.primary_metric, rows=len(X), repeats=repeats, features=drops)


def weighted_metric(task: str, name: str, y_true: np.ndarray, y_pred: np.ndarray, scores: np.ndarray | None,
                    weights: np.ndarray) -> float:
    """The metric `name` with each row counted `weights` times (scikit-learn's sample_weight); NaN when undefined."""
    import numpy as np
    from sklearn import metrics as m

    w = np.asarray(weights, dtype=float)
    functions: dict[str, Any] = {
        "accuracy": lambda: m.accuracy_score(y_true, y_pred, sample_weight=w),
        "f1_macro": lambda: m.f1_score(y_true, y_pred, average="macro", zero_division=0, sample_weight=w),
        "precision_macro": lambda: m.precision_score(y_true, y_pred, average="macro", zero_division=0,
                                                     sample_weight=w),
        "recall_macro": lambda: m.recall_score(y_true, y_pred, average="macro", zero_division=0, sample_weight=w),
        "f1": lambda: m.f1_score(y_true, y_pred, zero_division=0, sample_weight=w),
        "log_loss": lambda: m.log_loss(y_true, scores, labels=list(range(scores.shape[1])), sample_weight=w),
        "roc_auc": lambda: m.roc_auc_score(y_true, scores[:, 1], sample_weight=w),
        "roc_auc_ovr": lambda: m.roc_auc_score(y_true, scores, multi_class="ovr", sample_weight=w,
                                               labels=list(range(scores.shape[1]))),
        "rmse": lambda: m.root_mean_squared_error(y_true, y_pred, sample_weight=w),
        "mae": lambda: m.mean_absolute_error(y_true, y_pred, sample_weight=w),
        "r2": lambda: m.r2_score(y_true, y_pred, sample_weight=w),
    }
    if metrics.metric(task, name).needs_scores and scores is None:
        return float("nan")
    try:
        return float(functions[name]())
    except ValueError:  # one class only in the weighted rows: undefined, like an AUC on one class
        return float("nan")


def _score(fitted: Any, spec: ModelSpec, X: pd.DataFrame, y_true: np.ndarray, classes: list[Label] | None) -> float:
    scored = scoring.predict(fitted, spec, X, None, classes=classes)
    return metrics.compute_one(spec.task, spec.primary_metric, y_true, scored.y_pred, scored.scores)
