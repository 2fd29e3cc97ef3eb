"""Drift kernels: each statistic against scipy, and the sort they run on."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
from scipy import stats
from scipy.spatial.distance import jensenshannon as scipy_jensenshannon

from pipelines.drift import kernels


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


# --- statistics against scipy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, m", [(2, 3), (5, 7), (37, 100), (250, 250), (999, 1000), (1000, 4000), (20, 30_000)]
)
@pytest.mark.parametrize("decimals", [None, 1])
def test_ks_matches_scipy_asymptotic(n: int, m: int, decimals: int | None) -> None:
    rng = _rng(n * 7 + m)
    a, b = rng.normal(size=n), rng.normal(0.2, 1.1, size=m)
    if decimals is not None:  # many ties
        a, b = np.round(a, decimals), np.round(b, decimals)
    statistic, p_value = kernels.ks_2samp_sorted(np.sort(a), np.sort(b))
    expected = stats.ks_2samp(a, b, method="asymp")
    assert statistic == pytest.approx(expected.statistic, abs=1e-12)
    assert p_value == pytest.approx(expected.pvalue, rel=1e-9, abs=1e-300)


def test_ks_p_value_close_to_scipy_default_exact() -> None:
    # scipy's default is exact below 10k rows; the asymptotic value we use stays within a few percent of it.
    rng = _rng(3)
    a, b = rng.normal(size=400), rng.normal(0.15, size=600)
    _, p_value = kernels.ks_2samp_sorted(np.sort(a), np.sort(b))
    assert p_value == pytest.approx(stats.ks_2samp(a, b).pvalue, rel=0.1)


@pytest.mark.parametrize("n, m", [(1, 1), (1, 5), (4, 4), (7, 13), (100, 37), (1000, 999), (5000, 12_345)])
@pytest.mark.parametrize("decimals", [None, 0])
def test_wasserstein_matches_scipy(n: int, m: int, decimals: int | None) -> None:
    rng = _rng(n + 31 * m)
    a, b = rng.normal(size=n), rng.normal(0.3, 2.0, size=m)
    if decimals is not None:
        a, b = np.round(a, decimals), np.round(b, decimals)
    ours = kernels.wasserstein_sorted(np.sort(a), np.sort(b))
    assert ours == pytest.approx(stats.wasserstein_distance(a, b), rel=1e-9, abs=1e-12)


def test_wasserstein_symmetric_and_shift_equals_distance() -> None:
    rng = _rng(5)
    a = np.sort(rng.normal(size=777))
    b = np.sort(rng.normal(size=1234))
    assert kernels.wasserstein_sorted(a, b) == pytest.approx(kernels.wasserstein_sorted(b, a), rel=1e-12)
    assert kernels.wasserstein_sorted(a, a + 2.5) == pytest.approx(2.5)


@pytest.mark.parametrize(
    "table",
    [
        [[10, 20], [15, 12]],  # 2 categories: scipy applies Yates' correction
        [[100, 0], [3, 97]],
        [[30, 40, 50], [35, 30, 60]],
        [[5, 0, 7, 9, 1], [4, 6, 0, 12, 2]],
        [[1000, 2000, 3000, 4000], [990, 2050, 2960, 4100]],
    ],
)
def test_chi2_matches_scipy_contingency(table: list[list[int]]) -> None:
    observed = np.array(table)
    statistic, p_value = kernels.chi2_two_sample(observed[0], observed[1])
    expected = stats.chi2_contingency(observed[:, observed.sum(axis=0) > 0])
    assert statistic == pytest.approx(expected.statistic, rel=1e-10)
    assert p_value == pytest.approx(expected.pvalue, rel=1e-9)


def test_chi2_single_category_is_no_evidence() -> None:
    assert kernels.chi2_two_sample(np.array([10]), np.array([30])) == (0.0, 1.0)


@pytest.mark.parametrize(
    "p, q",
    [
        ([0.5, 0.3, 0.2], [0.3, 0.5, 0.2]),
        ([1.0, 0.0], [0.0, 1.0]),
        ([0.25, 0.25, 0.25, 0.25], [0.1, 0.2, 0.3, 0.4]),
        ([3, 0, 5], [1, 2, 0]),  # counts: normalised like scipy does
    ],
)
def test_jensenshannon_matches_scipy_natural_log(p: list[float], q: list[float]) -> None:
    ours = kernels.jensenshannon(np.array(p, dtype=float), np.array(q, dtype=float))
    assert ours == pytest.approx(scipy_jensenshannon(p, q), rel=1e-10, abs=1e-12)


def test_jensenshannon_base_is_e() -> None:
    assert kernels.jensenshannon(np.array([1.0, 0.0]), np.array([0.0, 1.0])) == pytest.approx(
        math.sqrt(math.log(2))
    )


def test_psi_formula_and_epsilon() -> None:
    ref, cur = np.array([0.5, 0.5, 0.0]), np.array([0.4, 0.4, 0.2])
    r, c = np.array([0.5, 0.5, 1e-4]), cur
    assert kernels.psi(ref, cur) == pytest.approx(float(np.sum((c - r) * np.log(c / r))))
    assert kernels.psi(cur, cur) == 0.0


@pytest.mark.parametrize(
    "maker",
    [
        lambda rng, n: rng.normal(size=n),
        lambda rng, n: rng.lognormal(0, 3, size=n),
        lambda rng, n: np.round(rng.normal(size=n), 2),
        lambda rng, n: np.concatenate([rng.normal(size=n - 10), [1e300, -1e300, 5e-324, -0.0, 0.0] * 2]),
        lambda rng, n: np.full(n, 3.0),
    ],
)
@pytest.mark.parametrize("n", [40_000, 1_100_000])
def test_bucket_sort_equals_numpy_sort(
    maker: Callable[[np.random.Generator, int], np.ndarray], n: int
) -> None:
    values = maker(_rng(9), n)
    assert np.array_equal(kernels._bucket_sort(values), np.sort(values))
    assert np.array_equal(kernels.sort_values(values), np.sort(values))
