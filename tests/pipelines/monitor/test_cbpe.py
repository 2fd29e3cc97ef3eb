"""CBPE: the label-free estimate matches realised ROC AUC and accuracy when P(label | score) holds (no concept drift)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score

from pipelines.monitor import cbpe

TOLERANCE = 0.03  # stated in the README: |estimate - realised| on 5,000 unlabelled rows without concept drift


def traffic(n: int, rng: np.random.Generator, *, shift: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Labels drawn from a fixed P(y | x); `shift` moves the inputs only (covariate shift)."""
    X = rng.normal(size=(n, 4))
    X[:, 0] += shift
    X[:, 1] *= 1.0 + abs(shift)
    logit = 1.4 * X[:, 0] - 1.0 * X[:, 1] + 0.6 * X[:, 2] * X[:, 3]
    return X, (rng.random(n) < 1.0 / (1.0 + np.exp(-logit))).astype(int)


@pytest.mark.parametrize("estimator", [LogisticRegression(), RandomForestClassifier(n_estimators=60, max_depth=6,
                                                                                     random_state=0)],
                         ids=["logistic", "forest"])
@pytest.mark.parametrize("shift", [0.0, 1.0, -1.5])
def test_estimate_tracks_realised_auc_and_accuracy_under_covariate_shift(estimator: object, shift: float) -> None:
    rng = np.random.default_rng(7)
    X_train, y_train = traffic(3000, rng)
    X_hold, y_hold = traffic(1500, rng)
    fitted = estimator.fit(X_train, y_train)  # type: ignore[attr-defined]
    calibration = cbpe.fit_calibration(fitted.predict_proba(X_hold)[:, 1], y_hold)
    X_live, y_live = traffic(5000, rng, shift=shift)
    scores, y_pred = fitted.predict_proba(X_live)[:, 1], fitted.predict(X_live)
    estimate = cbpe.estimate(calibration, scores, y_pred)
    assert estimate is not None and estimate.rows == 5000
    assert abs(estimate.roc_auc - roc_auc_score(y_live, scores)) < TOLERANCE
    assert abs(estimate.accuracy - accuracy_score(y_live, y_pred)) < TOLERANCE


def test_concept_drift_is_what_it_cannot_see() -> None:
    """Flipping half the labels changes realised AUC; the estimate, blind to labels, does not follow (documented)."""
    rng = np.random.default_rng(3)
    X_train, y_train = traffic(3000, rng)
    X_hold, y_hold = traffic(1500, rng)
    fitted = LogisticRegression().fit(X_train, y_train)
    calibration = cbpe.fit_calibration(fitted.predict_proba(X_hold)[:, 1], y_hold)
    X_live, y_live = traffic(4000, rng)
    flipped = np.where(rng.random(len(y_live)) < 0.5, 1 - y_live, y_live)
    scores = fitted.predict_proba(X_live)[:, 1]
    estimate = cbpe.estimate(calibration, scores, fitted.predict(X_live))
    assert estimate is not None and estimate.roc_auc - roc_auc_score(flipped, scores) > 0.2


def test_expected_auc_equals_roc_auc_score_when_the_probabilities_are_the_labels() -> None:
    rng = np.random.default_rng(0)
    scores = np.round(rng.random(500), 2)  # many ties
    labels = (rng.random(500) < scores).astype(float)
    assert cbpe.expected_roc_auc(scores, labels) == pytest.approx(roc_auc_score(labels, scores), abs=1e-12)


def test_too_few_rows_give_no_estimate() -> None:
    calibration = cbpe.Calibration(x=[0.0, 1.0], y=[0.0, 1.0], rows=2)
    assert cbpe.estimate(calibration, np.array([0.2, 0.9]), np.array([0, 1])) is None
