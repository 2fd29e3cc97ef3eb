"""Drift properties over many seeds: no false alarms on same-distribution data, real shifts are caught."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.drift import detect_drift

# At or below ks_max_rows (KS / chi-square) and above it (Wasserstein / Jensen-Shannon).
_BELOW_AND_ABOVE = pytest.mark.parametrize(
    "low, high", [(100, 1000), (1001, 4000)], ids=["ks-chi2", "wasserstein-js"]
)
_SHARES = [
    np.array([0.5, 0.3, 0.2]),
    np.array([0.25, 0.25, 0.25, 0.25]),
    np.array([0.6, 0.2, 0.1, 0.05, 0.05]),
]


def _frame(
    rng: np.random.Generator,
    n: int,
    *,
    mean_shift: float = 0.0,
    shifted: int = 0,
    shares: np.ndarray | None = None,
) -> pd.DataFrame:
    columns: dict[str, object] = {}
    for i in range(6):
        shift = mean_shift if i < shifted else 0.0
        columns[f"normal{i}"] = rng.normal(shift, 1.0, size=n)
    columns["skewed"] = rng.lognormal(0.0, 1.0, size=n)
    columns["count"] = rng.poisson(4.0, size=n)  # numeric with ~15 distinct values
    columns["plan"] = pd.array(
        rng.choice(np.array(["basic", "pro", "team"]), size=n, p=[0.5, 0.3, 0.2]), dtype="str"
    )
    columns["flag"] = rng.random(n) < 0.3
    if shares is not None:
        columns["segment"] = rng.choice(np.arange(shares.size).astype(str), size=n, p=shares)
    return pd.DataFrame(columns)


@_BELOW_AND_ABOVE
@settings(max_examples=2, deadline=None, derandomize=True)
@given(data=st.data())
def test_same_distribution_rarely_gives_dataset_drift(low: int, high: int, data: st.DataObject) -> None:
    n = data.draw(st.integers(low, high), label="n")
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    false_alarms = 0
    for offset in range(100):
        rng = np.random.default_rng([seed, offset])
        report = detect_drift(_frame(rng, 3000), _frame(rng, n))
        false_alarms += report.dataset_drift
    assert false_alarms <= 5, f"{false_alarms} of 100 same-distribution pairs called dataset drift (n={n})"


@_BELOW_AND_ABOVE
@settings(max_examples=5, deadline=None, derandomize=True)
@given(data=st.data())
def test_half_numeric_features_shifted_half_a_std_is_dataset_drift(
    low: int, high: int, data: st.DataObject
) -> None:
    n = data.draw(
        st.integers(max(low, 300), high), label="n"
    )  # KS needs a few hundred rows for a 0.5 std shift
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    numeric = [f"normal{i}" for i in range(6)]
    reference = _frame(rng, 5000)[numeric]
    current = _frame(rng, n, mean_shift=0.5, shifted=3)[numeric]
    report = detect_drift(reference, current)
    assert report.dataset_drift, report.message
    flagged = {f.column for f in report.features if f.drifted}
    assert {"normal0", "normal1", "normal2"} <= flagged


@_BELOW_AND_ABOVE
@settings(max_examples=6, deadline=None, derandomize=True)
@given(
    data=st.data(),
    shares=st.sampled_from(range(len(_SHARES))),
    pair=st.sampled_from([(0, 1), (1, 0), (0, 2), (2, 1)]),
)
def test_twenty_point_swing_in_a_category_share_is_flagged(
    low: int, high: int, data: st.DataObject, shares: int, pair: tuple[int, int]
) -> None:
    n = data.draw(st.integers(max(low, 200), high), label="n")
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    base = _SHARES[shares]
    source, target = pair
    moved = min(0.2, base[source])
    swung = base.copy()
    swung[source] -= moved
    swung[target] += moved
    if moved < 0.2:  # the source category is smaller than 20 points: take the rest from the largest other
        other = int(np.argmax(np.where(np.arange(base.size) == target, -1.0, swung)))
        swung[other] -= 0.2 - moved
        swung[target] += 0.2 - moved
    rng = np.random.default_rng(seed)
    reference = _frame(rng, 5000, shares=base)
    current = _frame(rng, n, shares=swung)
    feature = next(f for f in detect_drift(reference, current).features if f.column == "segment")
    assert feature.drifted, (
        feature.method,
        feature.statistic,
        feature.p_value,
        base.tolist(),
        swung.tolist(),
    )
