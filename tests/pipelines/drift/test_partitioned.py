"""The Dask drift path (per-partition counts, merged) gives the in-memory engine's verdicts on data that fits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from pipelines.drift.partitioned import detect_drift_dask
from pipelines.drift.profile import build_profile, detect_drift_from_profile
from pipelines.drift.settings import DriftConfig


def _frames(n_ref: int, n_cur: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(7)

    def frame(n: int, shift: float) -> pd.DataFrame:
        data = {f"calm_{i}": rng.normal(0, 1, n) for i in range(3)}
        data["shifted"] = rng.normal(shift, 1, n)
        data["scaled"] = rng.normal(0, 1 + shift, n)
        data["skewed"] = rng.exponential(1 + shift, n)
        data["level"] = rng.choice([1.0, 2.0, 3.0], n, p=[0.5, 0.3, 0.2] if not shift else [0.3, 0.3, 0.4])
        data["city"] = rng.choice(["oslo", "rome", "lima"], n, p=[0.4, 0.4, 0.2])
        out = pd.DataFrame(data)
        out.loc[rng.random(n) < 0.02, "calm_0"] = np.nan
        out.loc[rng.random(n) < 0.001, "calm_1"] = np.inf
        return out

    return frame(n_ref, 0.0), frame(n_cur, 0.3)


@pytest.mark.parametrize(("n_ref", "ks_max_rows"), [(20_000, 1000), (600, 1000)], ids=["wasserstein", "ks"])
def test_counts_on_partitions_give_the_in_memory_verdicts(n_ref: int, ks_max_rows: int) -> None:
    import dask
    import dask.dataframe as dd

    reference, current = _frames(n_ref, 120_000)
    config = DriftConfig(ks_max_rows=ks_max_rows)
    profile = build_profile(reference, config=config, random_state=0)
    expected = detect_drift_from_profile(profile, current, config=config)
    with dask.config.set(scheduler="synchronous"):  # the arithmetic is the point here; the cluster is tested elsewhere
        got = detect_drift_dask(profile, dd.from_pandas(current, npartitions=4), config=config, collect_max=1000)
    assert got.n_current == expected.n_current and got.dataset_drift == expected.dataset_drift
    assert got.message == expected.message
    for g, e in zip(got.features, expected.features, strict=True):
        assert (g.column, g.method, g.drifted, g.psi_level) == (e.column, e.method, e.drifted, e.psi_level)
        assert g.psi == pytest.approx(e.psi, rel=1e-9, abs=1e-12)
        assert g.missing_current == pytest.approx(e.missing_current)
        if g.method in ("ks", "chi2", "jensenshannon"):  # exact from counts
            assert g.statistic == pytest.approx(e.statistic, rel=1e-9)
        else:  # wasserstein: linear inside grid cells
            assert g.statistic == pytest.approx(e.statistic, rel=2e-3, abs=1e-4)
    assert {f.column for f in got.features if f.drifted} >= {"shifted", "scaled", "skewed", "level"}


def test_a_small_window_in_uneven_partitions_is_tested_on_its_values() -> None:
    import dask
    import dask.dataframe as dd

    reference, current = _frames(2_000, 3_000)
    config = DriftConfig(ks_max_rows=1000)
    profile = build_profile(reference, config=config, random_state=0)
    expected = detect_drift_from_profile(profile, current, config=config)
    # 2,900 rows in one partition, over its share (5,000 / 2) of values to send along: that column is read again.
    uneven = dd.concat([dd.from_pandas(current.iloc[:2_900], npartitions=1),
                        dd.from_pandas(current.iloc[2_900:], npartitions=1)])
    with dask.config.set(scheduler="synchronous"):
        got = detect_drift_dask(profile, uneven, config=config, collect_max=5_000)
    assert [(f.column, f.method, f.drifted, f.statistic, f.p_value) for f in got.features] == [
        (f.column, f.method, f.drifted, f.statistic, f.p_value) for f in expected.features]
