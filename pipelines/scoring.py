"""Predictions of a registered version on a dataset's holdout, cached because versions never change."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipelines.config import ModelSpec
from pipelines.data import labels
from pipelines.data.datasets import Dataset, holdout_mask
from pipelines.data.labels import Label
from pipelines.errors import DataError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from pipelines.registry import Registry

_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 16


@dataclass
class Scored:
    y_true: np.ndarray  # classifiers: label ids in `classes` order; regression: the values
    y_pred: np.ndarray  # the same encoding as y_true
    scores: np.ndarray | None  # class probabilities for classifiers, one column per entry of `classes`
    predicted: np.ndarray | None = None  # the model's own predictions (labels as the data has them)
    classes: list[Label] | None = None  # binary: [negative, positive]

    @property
    def positive_label(self) -> Label | None:
        return self.classes[-1] if self.classes is not None and len(self.classes) == 2 else None


def holdout(spec: ModelSpec, dataset: Dataset) -> pd.DataFrame:
    mask = holdout_mask(dataset.X, test_size=spec.test_size, random_state=spec.random_state)
    rows = dataset.frame[mask]
    if rows.empty:
        raise DataError(
            f"The window {dataset.lineage.window} of model {spec.name} has no holdout rows to evaluate on "
            f"({dataset.lineage.rows} rows in all); widen the window."
        )
    return rows


def predict(fitted: Any, spec: ModelSpec, X: pd.DataFrame, y: pd.Series | None, *,
            classes: list[Label] | None = None) -> Scored:
    """Predictions (and class probabilities) of `fitted` on X, labels encoded in `classes` order.

    Pass `classes` (from `labels.order`) when two versions must be scored on one encoding, as compare does.
    """
    import numpy as np

    y_values = np.asarray(y) if y is not None else np.array([])
    if spec.task == "regression":
        predicted = np.asarray(fitted.predict(X))
        return Scored(y_true=y_values, y_pred=predicted, scores=None, predicted=predicted)
    classes = classes if classes is not None else labels.order(spec, [fitted], y)
    proba = np.asarray(fitted.predict_proba(X))
    # The most probable class is what our classifiers' predict() returns; one pass over the model, not two.
    predicted = np.asarray(fitted.classes_)[np.argmax(proba, axis=1)]
    # One column per class in `classes`, so metrics see the same ids whatever classes a version was fitted on.
    column = {label: i for i, label in enumerate(classes)}
    scores = np.zeros((len(X), max(len(classes), 2)))
    for j, cls in enumerate(getattr(fitted, "classes_", range(proba.shape[1]))):
        scores[:, column[labels.plain(cls)]] = proba[:, j]
    y_true = labels.encode(y_values, classes, what="target", spec=spec) if y is not None else np.array([], dtype=int)
    y_pred = labels.encode(predicted, classes, what="predictions", spec=spec)
    return Scored(y_true=y_true, y_pred=y_pred, scores=scores, predicted=predicted, classes=classes)


def load_version(registry: Registry, model: str, version: int, *, identity: Any = None) -> Any:
    """The fitted pipeline of a version; pass `identity` (its ModelVersion) when you hold it, to skip a lookup."""
    # Numbers are reused when a registered model is deleted and re-created; the run id is not.
    identity = identity or registry.client.get_model_version(model, str(version))
    key = (registry.tracking_uri, model, version, identity.run_id, identity.creation_timestamp)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    fitted = registry.load_model(model, version)
    with _CACHE_LOCK:
        _CACHE[key] = fitted
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return fitted
