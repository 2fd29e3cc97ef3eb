"""Label-free performance estimate for binary classifiers: confidence-based performance estimation (CBPE).

At training the model's probabilities are calibrated on its holdout (isotonic regression) and the map is stored
with the version. On a window without labels, each row's calibrated probability is the expected value of its
label, so the expected confusion matrix at every threshold follows, and with it ROC AUC and accuracy. It is
unbiased while P(label | score) stays as it was at training (covariate shift is fine; concept drift is not).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    import numpy as np

CALIBRATION_ARTIFACT = "performance/calibration.json"
MIN_ROWS = 20


class Calibration(BaseModel):
    """Isotonic map from the model's positive-class score to P(label = 1), fitted on the holdout."""

    x: list[float]
    y: list[float]
    rows: int


class Estimate(BaseModel):
    method: str = "CBPE"
    rows: int
    roc_auc: float
    accuracy: float


def fit_calibration(scores: np.ndarray, y_true: np.ndarray) -> Calibration:
    import numpy as np
    from sklearn.isotonic import IsotonicRegression

    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
    iso.fit(np.asarray(scores, dtype=float), np.asarray(y_true, dtype=float))
    return Calibration(x=iso.X_thresholds_.tolist(), y=iso.y_thresholds_.tolist(), rows=len(scores))


def calibrate(calibration: Calibration, scores: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.interp(np.asarray(scores, dtype=float), calibration.x, calibration.y)


def estimate(calibration: Calibration, scores: np.ndarray, y_pred: np.ndarray) -> Estimate | None:
    """Expected ROC AUC and accuracy of predictions whose labels are unknown; None on too few rows."""
    import numpy as np

    scores = np.asarray(scores, dtype=float)
    if len(scores) < MIN_ROWS:
        return None
    p = calibrate(calibration, scores)
    accuracy = float(np.mean(np.where(np.asarray(y_pred) == 1, p, 1.0 - p)))
    return Estimate(rows=len(scores), roc_auc=expected_roc_auc(scores, p), accuracy=accuracy)


def expected_roc_auc(scores: np.ndarray, p: np.ndarray) -> float:
    """Area under the expected ROC curve: each row counts p as a positive and 1 - p as a negative."""
    import numpy as np

    order = np.argsort(-scores, kind="mergesort")
    s, p = scores[order], p[order]
    positives, negatives = p.sum(), (1.0 - p).sum()
    if positives <= 0 or negatives <= 0:
        return float("nan")
    # One ROC point per distinct score, so tied scores move both rates together (as roc_auc_score does).
    last_of_tie = np.r_[np.nonzero(np.diff(s))[0], len(s) - 1]
    tpr = np.r_[0.0, np.cumsum(p)[last_of_tie] / positives]
    fpr = np.r_[0.0, np.cumsum(1.0 - p)[last_of_tie] / negatives]
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2.0))
