"""Drift per column: method choice by size and kind, kind detection, edge cases and the errors users see."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from pipelines.drift import DriftConfig, DriftReport, FeatureDrift, detect_drift
from pipelines.errors import DataError


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def _by_column(report: DriftReport) -> dict[str, FeatureDrift]:
    return {f.column: f for f in report.features}


# --- method choice and kinds --------------------------------------------------------------------------------


def test_numeric_method_switches_above_ks_max_rows() -> None:
    rng = _rng(1)
    reference = pd.DataFrame({"x": rng.normal(size=5000)})
    at_limit = detect_drift(reference, pd.DataFrame({"x": rng.normal(size=1000)}))
    above = detect_drift(reference, pd.DataFrame({"x": rng.normal(size=1001)}))
    assert at_limit.features[0].method == "ks" and at_limit.features[0].p_value is not None
    assert above.features[0].method == "wasserstein" and above.features[0].p_value is None
    assert above.features[0].threshold == 0.1


def test_method_switch_uses_smaller_side_and_config() -> None:
    rng = _rng(2)
    small_reference = pd.DataFrame({"x": rng.normal(size=800)})
    assert (
        detect_drift(small_reference, pd.DataFrame({"x": rng.normal(size=50_000)})).features[0].method == "ks"
    )
    config = DriftConfig(ks_max_rows=100)
    assert (
        detect_drift(small_reference, pd.DataFrame({"x": rng.normal(size=500)}), config=config)
        .features[0]
        .method
        == "wasserstein"
    )


def test_categorical_method_switches_above_ks_max_rows() -> None:
    rng = _rng(3)
    reference = pd.DataFrame({"c": rng.choice(["a", "b", "c"], size=5000)})
    assert detect_drift(reference, reference.iloc[:1000]).features[0].method == "chi2"
    large = detect_drift(reference, reference.iloc[:1001])
    assert large.features[0].method == "jensenshannon"
    assert large.features[0].threshold == 0.1


def test_wasserstein_statistic_is_normalised_by_reference_std() -> None:
    rng = _rng(4)
    ref, cur = rng.normal(10, 4, size=3000), rng.normal(12, 4, size=2000)
    feature = detect_drift(pd.DataFrame({"x": ref}), pd.DataFrame({"x": cur})).features[0]
    assert feature.statistic == pytest.approx(stats.wasserstein_distance(ref, cur) / np.std(ref), rel=1e-9)
    assert feature.drifted


@pytest.mark.parametrize(
    "series, kind",
    [
        (pd.Series(["a", "b", "c"] * 20, dtype="str"), "categorical"),
        (pd.Series(["a", "b", None] * 20, dtype=object), "categorical"),
        (pd.Series(pd.Categorical(["x", "y"] * 30)), "categorical"),
        (pd.Series([True, False, True] * 20), "categorical"),
        (pd.Series([0, 1, 2, 3, 4] * 12), "categorical"),  # 5 distinct numbers: categorical
        (pd.Series([0, 1, 2, 3, 4, 5] * 10), "numeric"),  # 6: numeric
        (pd.Series([0.5, 1.5, np.nan] * 20), "categorical"),
        (pd.Series(np.linspace(0, 1, 60)), "numeric"),
        (pd.Series(pd.array(list(range(59)) + [None], dtype="Int64")), "numeric"),
    ],
)
def test_kind_detection(series: pd.Series, kind: str) -> None:
    frame = pd.DataFrame({"f": series})
    assert detect_drift(frame, frame).features[0].kind == kind


def test_categorical_max_unique_is_configurable() -> None:
    frame = pd.DataFrame({"f": [0, 1, 2, 3, 4, 5, 6] * 10})
    assert detect_drift(frame, frame).features[0].kind == "numeric"
    assert (
        detect_drift(frame, frame, config=DriftConfig(categorical_max_unique=7)).features[0].kind
        == "categorical"
    )


def test_low_cardinality_ints_match_floats_with_nan() -> None:
    # A reference of ints and a current window of floats (NaN forced the cast) are the same categories.
    reference = pd.DataFrame({"f": [1, 2, 3] * 100})
    current = pd.DataFrame({"f": [1.0, 2.0, 3.0, np.nan] * 75})
    feature = detect_drift(reference, current).features[0]
    assert feature.unseen_categories == 0 and not feature.drifted
    assert feature.missing_current == pytest.approx(0.25)


def test_unseen_categories_are_counted() -> None:
    rng = _rng(5)
    reference = pd.DataFrame({"c": rng.choice(["a", "b", "c"], size=600)})
    current = pd.DataFrame({"c": rng.choice(["a", "b", "c", "d", "e"], size=600)})
    feature = detect_drift(reference, current).features[0]
    assert feature.unseen_categories == 2
    assert feature.drifted and feature.method == "chi2"
    assert "2 categories not seen in reference" in (feature.note or "")


def test_bool_and_category_columns_compare_by_value() -> None:
    reference = pd.DataFrame({"b": [True, False] * 200, "c": pd.Categorical(["x", "y"] * 200)})
    current = pd.DataFrame(
        {
            "b": [True] * 300 + [False] * 100,
            "c": pd.Categorical(["x"] * 300 + ["y"] * 100, categories=["x", "y", "z"]),
        }
    )
    features = _by_column(detect_drift(reference, current))
    assert features["b"].drifted and features["b"].unseen_categories == 0
    assert (
        features["c"].drifted and features["c"].unseen_categories == 0
    )  # unused category "z" is not a value


# --- edge cases ---------------------------------------------------------------------------------------------


def test_constant_in_both_windows_is_not_drift() -> None:
    report = detect_drift(pd.DataFrame({"k": [7.0] * 100}), pd.DataFrame({"k": [7.0] * 50}))
    feature = report.features[0]
    assert not feature.drifted and feature.method == "none"
    assert "constant in both windows" in (feature.note or "")
    assert not report.dataset_drift


def test_constant_reference_with_different_current_is_drift() -> None:
    rng = _rng(6)
    report = detect_drift(pd.DataFrame({"k": [7.0] * 100}), pd.DataFrame({"k": rng.normal(size=50)}))
    feature = report.features[0]
    assert feature.drifted
    assert "constant in reference" in (feature.note or "")
    assert feature.unseen_categories == 50


def test_constant_numeric_when_categorical_rule_disabled() -> None:
    config = DriftConfig(categorical_max_unique=0)
    same = detect_drift(pd.DataFrame({"k": [1.0] * 40}), pd.DataFrame({"k": [1.0] * 40}), config=config)
    assert same.features[0].kind == "numeric" and not same.features[0].drifted
    differs = detect_drift(pd.DataFrame({"k": [1.0] * 40}), pd.DataFrame({"k": [2.0] * 40}), config=config)
    assert differs.features[0].drifted and "constant in reference" in (differs.features[0].note or "")


def test_all_missing_in_both_windows() -> None:
    frame = pd.DataFrame({"x": [np.nan] * 40, "y": np.arange(40.0)})
    feature = _by_column(detect_drift(frame, frame))["x"]
    assert not feature.drifted and feature.method == "none"
    assert feature.note == "all values missing in both windows"
    assert feature.missing_reference == 1.0 and feature.missing_current == 1.0


def test_all_missing_in_current_only_is_drift_with_rates() -> None:
    rng = _rng(7)
    reference = pd.DataFrame({"x": rng.normal(size=200)})
    reference.loc[:19, "x"] = np.nan
    feature = detect_drift(reference, pd.DataFrame({"x": [np.nan] * 50})).features[0]
    assert feature.drifted and feature.method == "none"
    assert feature.missing_reference == pytest.approx(0.1) and feature.missing_current == 1.0
    assert "all values missing in current" in (feature.note or "")


def test_all_missing_text_column_in_reference() -> None:
    reference = pd.DataFrame({"c": pd.Series([None] * 50, dtype=object)})
    current = pd.DataFrame({"c": ["a", "b"] * 25})
    feature = detect_drift(reference, current).features[0]
    assert feature.drifted and "all values missing in reference" in (feature.note or "")


def test_infinities_are_missing_with_a_note() -> None:
    rng = _rng(8)
    reference = pd.DataFrame({"x": rng.normal(size=100)})
    current = pd.DataFrame({"x": np.concatenate([rng.normal(size=90), [np.inf] * 5, [-np.inf] * 5])})
    feature = detect_drift(reference, current).features[0]
    assert feature.missing_current == pytest.approx(0.1)
    assert "±inf treated as missing (10 in current)" in (feature.note or "")
    assert feature.statistic == pytest.approx(stats.ks_2samp(reference["x"], current["x"][:90]).statistic)


def test_nans_are_dropped_before_the_test() -> None:
    rng = _rng(9)
    ref, cur = rng.normal(size=300), rng.normal(size=300)
    with_nans = cur.copy()
    with_nans[::3] = np.nan
    feature = detect_drift(pd.DataFrame({"x": ref}), pd.DataFrame({"x": with_nans})).features[0]
    expected = stats.ks_2samp(ref, with_nans[~np.isnan(with_nans)], method="asymp")
    assert feature.p_value == pytest.approx(expected.pvalue, rel=1e-9)
    assert feature.missing_current == pytest.approx(100 / 300)


@pytest.mark.parametrize("side", ["reference", "current"])
def test_empty_window_is_a_data_error(side: str) -> None:
    full, empty = pd.DataFrame({"x": np.arange(50.0)}), pd.DataFrame({"x": pd.Series([], dtype=float)})
    frames = (empty, full) if side == "reference" else (full, empty)
    with pytest.raises(DataError, match=f"{side} window is empty"):
        detect_drift(*frames)


def test_missing_columns_are_named() -> None:
    reference = pd.DataFrame({"a": [1.0] * 40, "b": [2.0] * 40, "c": [3.0] * 40})
    current = pd.DataFrame({"a": [1.0] * 40, "d": [2.0] * 40})
    with pytest.raises(DataError) as error:
        detect_drift(reference, current)
    assert "missing in current: b, c" in str(error.value) and "only in current: d" in str(error.value)
    with pytest.raises(DataError, match="missing in reference: d"):
        detect_drift(reference, current, columns=["a", "d"])
    assert [f.column for f in detect_drift(reference, current, columns=["a"]).features] == ["a"]


def test_empty_columns_list_is_a_data_error() -> None:
    frame = pd.DataFrame({"a": np.arange(40.0)})
    with pytest.raises(DataError, match="columns"):
        detect_drift(frame, frame, columns=[])


def test_unsupported_dtype_is_named() -> None:
    frame = pd.DataFrame({"when": pd.date_range("2026-01-01", periods=40), "x": np.arange(40.0)})
    with pytest.raises(DataError, match="'when'"):
        detect_drift(frame, frame)
    assert detect_drift(frame, frame, columns=["x"]).features[0].column == "x"


def test_text_in_current_for_numeric_reference_is_a_data_error() -> None:
    reference = pd.DataFrame({"x": np.arange(50.0)})
    with pytest.raises(DataError, match="'x' holds numbers in the reference but text"):
        detect_drift(reference, pd.DataFrame({"x": ["a", "b"] * 25}))


def test_single_current_row_is_not_enough_data() -> None:
    rng = _rng(10)
    reference = pd.DataFrame({"x": rng.normal(size=500), "c": rng.choice(["a", "b"], size=500)})
    report = detect_drift(reference, reference.iloc[:1])
    assert not report.enough_data and not report.dataset_drift
    assert report.message == "Not enough data: 1 current row, need 30"
    assert report.drifted_count == 0
    assert all(f.method == "none" and not f.drifted for f in report.features)


def test_twelve_current_rows_message() -> None:
    frame = pd.DataFrame({"x": np.arange(100.0)})
    assert detect_drift(frame, frame.iloc[:12]).message == "Not enough data: 12 current rows, need 30"
    assert detect_drift(frame, frame.iloc[:30]).enough_data


def test_single_reference_row_gives_an_answer_not_a_crash() -> None:
    frame = pd.DataFrame({"x": np.arange(100.0), "c": ["a", "b"] * 50})
    report = detect_drift(frame.iloc[:1], frame)
    assert not report.enough_data and not report.dataset_drift
    assert report.message == "Not enough data: 1 reference row, need 30"


def test_single_row_on_both_sides_with_low_min_rows() -> None:
    frame = pd.DataFrame({"x": [1.5], "c": ["a"]})
    report = detect_drift(frame, frame, config=DriftConfig(min_rows=1))
    assert report.enough_data and not report.dataset_drift
