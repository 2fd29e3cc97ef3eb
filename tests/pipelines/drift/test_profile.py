"""Reference profile: JSON round trip, bounded seeded sample, agreement with full-frame drift, chart."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipelines.drift import DriftConfig, detect_drift
from pipelines.drift.chart import render_drift_chart
from pipelines.drift.profile import (
    QUANTILE_LEVELS,
    CategoricalProfile,
    NumericProfile,
    ReferenceProfile,
    build_profile,
    detect_drift_from_profile,
)
from pipelines.errors import DataError


def _frame(n: int, *, seed: int, shift: float = 0.0, swing: float = 0.0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "age": rng.normal(40 + 10 * shift, 10, size=n),
            "income": rng.lognormal(10 + 0.5 * shift, 0.5, size=n),
            "score": rng.normal(0, 1, size=n),
            "visits": rng.choice(4, size=n, p=[0.4 - 0.2 * shift, 0.3, 0.2, 0.1 + 0.2 * shift]),
            "plan": pd.array(
                rng.choice(np.array(["basic", "pro", "team"]), size=n, p=[0.5 - swing, 0.3 + swing, 0.2]),
                dtype="str",
            ),
            "active": rng.random(n) < 0.7,
            "region": pd.Categorical(rng.choice(["eu", "us"], size=n)),
        }
    )
    frame.loc[frame.index[::50], "score"] = np.nan
    return frame


@pytest.fixture(scope="module")
def reference() -> pd.DataFrame:
    return _frame(30_000, seed=1)


@pytest.fixture(scope="module")
def profile(reference: pd.DataFrame) -> ReferenceProfile:
    return build_profile(reference, random_state=7)


def test_json_round_trip(profile: ReferenceProfile) -> None:
    text = profile.model_dump_json()
    again = ReferenceProfile.model_validate_json(text)
    assert again == profile
    assert again.model_dump_json() == text


def test_kinds_and_summaries(reference: pd.DataFrame, profile: ReferenceProfile) -> None:
    kinds = {name: feature.kind for name, feature in profile.features.items()}
    assert kinds == {
        "age": "numeric",
        "income": "numeric",
        "score": "numeric",
        "visits": "categorical",
        "plan": "categorical",
        "active": "categorical",
        "region": "categorical",
    }
    age = profile.features["age"]
    assert isinstance(age, NumericProfile)
    assert age.n == 30_000 and age.n_valid == 30_000 and age.missing_rate == 0.0
    assert age.mean == pytest.approx(reference["age"].mean())
    assert age.std == pytest.approx(reference["age"].std(ddof=0))
    assert age.quantiles == pytest.approx(np.quantile(reference["age"], QUANTILE_LEVELS).tolist())
    assert len(age.psi_edges) == 9 and sum(age.psi_shares) == pytest.approx(1.0)
    score = profile.features["score"]
    assert isinstance(score, NumericProfile) and score.missing_rate == pytest.approx(0.02)
    visits = profile.features["visits"]
    assert isinstance(visits, CategoricalProfile) and visits.numeric_keys
    assert set(visits.counts) == {"0", "1", "2", "3"} and sum(visits.counts.values()) == 30_000
    active = profile.features["active"]
    assert isinstance(active, CategoricalProfile) and set(active.counts) == {"True", "False"}


def test_sample_is_bounded_sorted_and_seeded(reference: pd.DataFrame, profile: ReferenceProfile) -> None:
    age = profile.features["age"]
    assert isinstance(age, NumericProfile)
    assert len(age.sample) == 10_000
    assert age.sample == sorted(age.sample)
    assert set(age.sample) <= set(reference["age"])
    again = build_profile(reference, columns=["age"], random_state=7).features["age"]
    other = build_profile(reference, columns=["age"], random_state=8).features["age"]
    assert isinstance(again, NumericProfile) and isinstance(other, NumericProfile)
    assert again.sample == age.sample and other.sample != age.sample
    alone = build_profile(reference[["age"]], random_state=7).features["age"]
    assert isinstance(alone, NumericProfile) and alone.sample == age.sample  # per-column seed
    small = build_profile(reference.iloc[:500], columns=["age"], max_sample=10_000).features["age"]
    assert isinstance(small, NumericProfile) and len(small.sample) == 500
    tiny = build_profile(reference, columns=["age"], max_sample=100).features["age"]
    assert isinstance(tiny, NumericProfile) and len(tiny.sample) == 100


@pytest.mark.parametrize("n_current", [600, 5000], ids=["ks-chi2", "wasserstein-js"])
@pytest.mark.parametrize("shift, swing", [(0.0, 0.0), (0.6, 0.2)], ids=["unshifted", "shifted"])
def test_drift_from_profile_agrees_with_full_frames(
    reference: pd.DataFrame, profile: ReferenceProfile, n_current: int, shift: float, swing: float
) -> None:
    current = _frame(n_current, seed=2, shift=shift, swing=swing)
    full = detect_drift(reference, current)
    stored = detect_drift_from_profile(
        ReferenceProfile.model_validate_json(profile.model_dump_json()), current
    )
    assert stored.message == full.message
    assert stored.dataset_drift == full.dataset_drift == (shift > 0)
    for ours, theirs in zip(stored.features, full.features, strict=True):
        assert (ours.column, ours.kind, ours.method, ours.drifted) == (
            theirs.column,
            theirs.kind,
            theirs.method,
            theirs.drifted,
        )
        assert ours.psi == pytest.approx(theirs.psi, rel=1e-9)  # PSI bins come from the full data either way
        if ours.kind == "categorical":  # counts are exact: identical statistics
            assert ours.statistic == pytest.approx(theirs.statistic, rel=1e-9)
    if shift:
        assert {f.column for f in stored.features if f.drifted} >= {"age", "income", "visits", "plan"}


def test_profile_ignores_extra_current_columns_and_names_missing(
    profile: ReferenceProfile, reference: pd.DataFrame
) -> None:
    current = _frame(200, seed=3).assign(timestamp=pd.Timestamp("2026-01-01"), target=1)
    report = detect_drift_from_profile(profile, current)
    assert [f.column for f in report.features] == list(profile.features)
    with pytest.raises(DataError, match="missing in current: age, plan"):
        detect_drift_from_profile(profile, current.drop(columns=["age", "plan"]))
    only = detect_drift_from_profile(profile, current, columns=["age"])
    assert [f.column for f in only.features] == ["age"]


def test_profile_not_enough_current_rows(profile: ReferenceProfile) -> None:
    report = detect_drift_from_profile(profile, _frame(5, seed=4))
    assert not report.enough_data and report.message == "Not enough data: 5 current rows, need 30"


def test_profile_config_decides_kinds() -> None:
    frame = pd.DataFrame({"k": np.arange(200) % 7})
    assert build_profile(frame).features["k"].kind == "numeric"
    assert (
        build_profile(frame, config=DriftConfig(categorical_max_unique=7)).features["k"].kind == "categorical"
    )


def test_profile_of_empty_frame_is_a_data_error() -> None:
    with pytest.raises(DataError, match="empty"):
        build_profile(pd.DataFrame({"x": pd.Series([], dtype=float)}))


def test_all_missing_numeric_column_profiles() -> None:
    frame = pd.DataFrame({"x": [np.nan] * 40, "y": np.arange(40.0)})
    profile = ReferenceProfile.model_validate_json(build_profile(frame).model_dump_json())
    feature = profile.features["x"]
    assert isinstance(feature, NumericProfile) and feature.mean is None and feature.sample == []
    report = detect_drift_from_profile(profile, frame)
    assert report.features[0].note == "all values missing in both windows"


def test_chart_renders_png(tmp_path: Path, reference: pd.DataFrame, profile: ReferenceProfile) -> None:
    current = _frame(2000, seed=5, shift=0.6, swing=0.2)
    report = detect_drift_from_profile(profile, current)
    path = render_drift_chart(
        profile, current, report, path=tmp_path / "charts" / "drift.png", top=4, title="demo v3"
    )
    data = path.read_bytes()
    assert path.exists() and len(data) > 5_000
    assert data[:8] == b"\x89PNG\r\n\x1a\n"


def test_chart_with_a_single_feature(tmp_path: Path) -> None:
    frame = pd.DataFrame({"x": np.arange(100.0)})
    profile = build_profile(frame)
    report = detect_drift_from_profile(profile, frame)
    path = render_drift_chart(profile, frame, report, path=tmp_path / "one.png")
    assert path.read_bytes()[:4] == b"\x89PNG"
