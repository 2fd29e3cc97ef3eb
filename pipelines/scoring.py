"""Predictions of a registered version on a dataset's holdout, cached because versions never change."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipelines.config import ModelSpec
from pipelines.data import Dataset, holdout_mask
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
    y_true: np.ndarray
    y_pred: np.ndarray
    scores: np.ndarray | None  # class probabilities for classifiers


def holdout(spec: ModelSpec, dataset: Dataset) -> pd.DataFrame:
    mask = holdout_mask(dataset.X, test_size=spec.test_size, random_state=spec.random_state)
    rows = dataset.frame[mask]
    if rows.empty:
        raise DataError(
            f"The window {dataset.lineage.window} of model {spec.name} has no holdout rows to evaluate on "
            f"({dataset.lineage.rows} rows in all); widen the window."
        )
    return rows


def predict(fitted: Any, spec: ModelSpec, X: pd.DataFrame, y: pd.Series | None) -> Scored:
    import numpy as np

    y_pred = np.asarray(fitted.predict(X))
    scores = None
    if spec.task != "regression":
        proba = np.asarray(fitted.predict_proba(X))
        # Align columns to the label ids 0..k-1 so metrics see one class per column even if a class was
        # absent from training.
        classes = list(getattr(fitted, "classes_", range(proba.shape[1])))
        width = max(int(max(classes)) + 1, 2)
        scores = np.zeros((len(X), width))
        for j, cls in enumerate(classes):
            scores[:, int(cls)] = proba[:, j]
    return Scored(y_true=np.asarray(y) if y is not None else np.array([]), y_pred=y_pred, scores=scores)


def load_version(registry: Registry, model: str, version: int) -> Any:
    # Numbers are reused when a registered model is deleted and re-created; the run id is not.
    identity = registry.client.get_model_version(model, str(version))
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
