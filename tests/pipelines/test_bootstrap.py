"""The vectorised paired bootstrap gives what the per-resample loop over sklearn's metrics gave, on the demo models."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from pipelines import bootstrap, estimators, metrics, scoring
from pipelines.config import ModelSpec
from pipelines.data import datasets, labels
from pipelines.scoring import Scored
from tools.config import demo_config, parse_config

OTHER_PARAMS = {"cancer": {"n_estimators": 20, "max_depth": 3}, "wine": {"C": 0.05},
                "diabetes": {"n_estimators": 20, "max_depth": 2}}


def loop_deltas(spec: ModelSpec, metric: str, sa: Scored, sb: Scored, *, n_bootstrap: int,
                random_state: int) -> list[float]:
    """The implementation compare had before: one resample at a time, sklearn's metrics on each."""
    rng = np.random.default_rng(random_state)
    n = len(sa.y_true)
    out = []
    for _ in range(n_bootstrap):
        idx = rng.integers(0, n, size=n)
        pick = lambda s: (s.y_true[idx], s.y_pred[idx], None if s.scores is None else s.scores[idx])  # noqa: E731
        diff = metrics.compute_one(spec.task, metric, *pick(sb)) - metrics.compute_one(spec.task, metric, *pick(sa))
        if diff == diff:
            out.append(diff)
    return out


@pytest.fixture(scope="module")
def demo_pairs() -> dict[str, tuple[ModelSpec, Scored, Scored]]:
    """Each demo model fitted twice (its own params and weaker ones), scored on its holdout."""
    config = parse_config(demo_config(), source_path="<built-in demo>")
    pairs = {}
    for name, spec in config.models.items():
        dataset = datasets.load(spec)
        held = datasets.holdout_mask(dataset.X, test_size=spec.test_size, random_state=spec.random_state)
        X, y = dataset.X[~held], dataset.y[~held]
        fitted = [estimators.build(spec.estimator, params, random_state=spec.random_state).fit(X, y)
                  for params in (spec.params, OTHER_PARAMS[name])]
        classes = None if spec.task == "regression" else labels.order(spec, fitted, dataset.y)
        a, b = (scoring.predict(f, spec, dataset.X[held], dataset.y[held], classes=classes) for f in fitted)
        pairs[name] = (spec, a, b)
    return pairs


@pytest.mark.parametrize("name", ["cancer", "wine", "diabetes"])
def test_same_interval_as_the_loop_on_the_primary_metric(demo_pairs: dict[str, Any], name: str) -> None:
    spec, a, b = demo_pairs[name]
    slow = loop_deltas(spec, spec.primary_metric, a, b, n_bootstrap=1000, random_state=0)  # compare's seed
    fast, used = bootstrap.paired_deltas(spec.task, spec.primary_metric, a, b, n_bootstrap=1000, random_state=0)
    assert used == len(a.y_true) and len(fast) == len(slow)
    for q in (2.5, 97.5):
        assert round(float(np.percentile(fast, q)), 3) == round(float(np.percentile(slow, q)), 3)
    assert fast == pytest.approx(slow, abs=1e-9)  # resample by resample, not only the interval


@pytest.mark.parametrize("name", ["cancer", "wine", "diabetes"])
def test_every_metric_of_the_task_matches_the_loop_resample_by_resample(demo_pairs: dict[str, Any],
                                                                         name: str) -> None:
    spec, a, b = demo_pairs[name]
    for metric in metrics.metrics_for_task(spec.task):
        slow = loop_deltas(spec, metric, a, b, n_bootstrap=30, random_state=3)
        fast, _ = bootstrap.paired_deltas(spec.task, metric, a, b, n_bootstrap=30, random_state=3)
        assert fast == pytest.approx(slow, abs=1e-9), metric


def test_a_huge_holdout_is_subsampled_and_says_how_many_rows() -> None:
    rng = np.random.default_rng(0)
    n = 30_000
    y = rng.integers(0, 2, n)
    score_a, score_b = np.clip(y * 0.3 + rng.uniform(0, 0.7, n), 0, 1), np.clip(y * 0.4 + rng.uniform(0, 0.6, n), 0, 1)
    a, b = (Scored(y_true=y, y_pred=(s > 0.5).astype(int), scores=np.c_[1 - s, s]) for s in (score_a, score_b))
    deltas, used = bootstrap.paired_deltas("binary", "roc_auc", a, b, n_bootstrap=200, random_state=0, max_rows=5_000)
    assert used == 5_000 and len(deltas) == 200
    full = metrics.compute_one("binary", "roc_auc", y, b.y_pred, b.scores) - metrics.compute_one(
        "binary", "roc_auc", y, a.y_pred, a.scores)
    assert np.percentile(deltas, 2.5) < full < np.percentile(deltas, 97.5)


@pytest.mark.parametrize("decimals", [None, 2], ids=["near-distinct scores", "few tied scores"])
def test_weighted_auc_equals_sklearn_whichever_way_ties_are_summed(decimals: int | None) -> None:
    """Near-distinct scores gather running sums, few tied ones sum per group: both are sklearn's weighted AUC."""
    from sklearn.metrics import roc_auc_score

    rng = np.random.default_rng(5)
    n = 4000
    y = rng.integers(0, 2, n)
    score = rng.uniform(size=n) + 0.3 * y
    score = score if decimals is None else np.round(score, decimals)
    weights = np.stack([np.bincount(rng.integers(0, n, n), minlength=n) for _ in range(7)]).astype(np.float64)
    ours = bootstrap._auc((y == 1).astype(np.float64), score)(weights)
    expected = [roc_auc_score(y, score, sample_weight=w) for w in weights]
    assert ours == pytest.approx(expected, abs=1e-12)
