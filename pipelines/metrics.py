"""Metrics per task, which way is better, and how to compute them from predictions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import numpy as np


@dataclass(frozen=True)
class Metric:
    name: str
    greater_is_better: bool
    needs_scores: bool  # computed from predicted probabilities rather than labels


_CLASSIFICATION = {
    "accuracy": Metric("accuracy", True, False),
    "f1_macro": Metric("f1_macro", True, False),
    "precision_macro": Metric("precision_macro", True, False),
    "recall_macro": Metric("recall_macro", True, False),
    "log_loss": Metric("log_loss", False, True),
}
_BINARY = {**_CLASSIFICATION, "roc_auc": Metric("roc_auc", True, True), "f1": Metric("f1", True, False)}
_MULTICLASS = {**_CLASSIFICATION, "roc_auc_ovr": Metric("roc_auc_ovr", True, True)}
_REGRESSION = {
    "rmse": Metric("rmse", False, False),
    "mae": Metric("mae", False, False),
    "r2": Metric("r2", True, False),
}
_BY_TASK = {"binary": _BINARY, "multiclass": _MULTICLASS, "regression": _REGRESSION}


def metrics_for_task(task: str) -> dict[str, Metric]:
    return _BY_TASK[task]


def metric(task: str, name: str) -> Metric:
    return _BY_TASK[task][name]


def compute(task: str, y_true: np.ndarray, y_pred: np.ndarray, scores: np.ndarray | None) -> dict[str, float]:
    """Every metric of the task; `scores` are class probabilities (n, k) for classifiers."""
    return {name: float(fn(y_true, y_pred, scores)) for name, fn in _functions(task).items()}


def compute_one(task: str, name: str, y_true: np.ndarray, y_pred: np.ndarray, scores: np.ndarray | None) -> float:
    return float(_functions(task)[name](y_true, y_pred, scores))


def _functions(task: str) -> dict[str, Callable[..., float]]:
    from sklearn import metrics as m

    if task == "regression":
        return {
            "rmse": lambda y, p, s: m.root_mean_squared_error(y, p),
            "mae": lambda y, p, s: m.mean_absolute_error(y, p),
            "r2": lambda y, p, s: m.r2_score(y, p),
        }
    common: dict[str, Callable[..., float]] = {
        "accuracy": lambda y, p, s: m.accuracy_score(y, p),
        "f1_macro": lambda y, p, s: m.f1_score(y, p, average="macro", zero_division=0),
        "precision_macro": lambda y, p, s: m.precision_score(y, p, average="macro", zero_division=0),
        "recall_macro": lambda y, p, s: m.recall_score(y, p, average="macro", zero_division=0),
        "log_loss": lambda y, p, s: m.log_loss(y, y_proba=s, labels=_labels(s)),
    }
    if task == "binary":
        common["roc_auc"] = lambda y, p, s: _safe_auc(lambda: m.roc_auc_score(y, s[:, 1]))
        common["f1"] = lambda y, p, s: m.f1_score(y, p, zero_division=0)
    else:
        common["roc_auc_ovr"] = lambda y, p, s: _safe_auc(
            lambda: m.roc_auc_score(y, s, multi_class="ovr", labels=_labels(s))
        )
    return common


def _labels(scores: np.ndarray) -> list[int]:
    return list(range(scores.shape[1]))


def _safe_auc(fn: Callable[[], float]) -> float:
    # AUC is undefined when the evaluation data holds one class only; NaN says so without crashing.
    try:
        return fn()
    except ValueError:
        return float("nan")
