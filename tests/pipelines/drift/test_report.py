"""Drift report: ranking, the dataset verdict, PSI beside every feature, JSON round trip, config."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pydantic import ValidationError

from pipelines import drift
from pipelines.drift import DriftConfig, DriftReport, FeatureDrift, detect_drift


def _rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def _by_column(report: DriftReport) -> dict[str, FeatureDrift]:
    return {f.column: f for f in report.features}


# --- report -------------------------------------------------------------------------------------------------


def _shifted_frames(n: int, shifts: list[float], seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = _rng(seed)
    reference = pd.DataFrame({f"f{i}": rng.normal(size=n) for i in range(len(shifts))})
    current = pd.DataFrame({f"f{i}": rng.normal(shift, size=n) for i, shift in enumerate(shifts)})
    return reference, current


def test_top_puts_drifted_first_then_by_score() -> None:
    reference, current = _shifted_frames(3000, [0.0, 1.0, 0.3, 2.0, 0.0])
    report = detect_drift(reference, current)
    top = report.top(3)
    assert [f.column for f in top] == ["f3", "f1", "f2"]
    assert all(f.drifted for f in top)
    assert [f.column for f in report.top(10)][3:] == sorted(
        ["f0", "f4"], key=lambda c: -_by_column(report)[c].score
    )
    assert report.top(0) == []


def test_score_is_above_one_exactly_when_drifted() -> None:
    reference, current = _shifted_frames(500, [0.0, 0.1, 0.3, 1.0])
    for feature in detect_drift(reference, current).features:
        assert (feature.score > 1) == feature.drifted


@pytest.mark.parametrize("shifted, expected", [(1, False), (2, True), (3, True)])
def test_dataset_drift_at_half_of_features(shifted: int, expected: bool) -> None:
    reference, current = _shifted_frames(3000, [1.0] * shifted + [0.0] * (4 - shifted))
    report = detect_drift(reference, current)
    assert report.drifted_count == shifted
    assert report.drifted_share == pytest.approx(shifted / 4)
    assert report.dataset_drift is expected
    verdict = "Dataset drift" if expected else "No dataset drift"
    assert report.message == f"{verdict}: {shifted} of 4 features drifted ({shifted / 4:.0%})"


def test_dataset_drift_share_is_configurable() -> None:
    reference, current = _shifted_frames(3000, [1.0, 0.0, 0.0, 0.0])
    assert detect_drift(reference, current, config=DriftConfig(dataset_drift_share=0.25)).dataset_drift


def test_psi_beside_every_feature_with_level() -> None:
    rng = _rng(11)
    reference = pd.DataFrame({"x": rng.normal(size=5000), "c": rng.choice(["a", "b", "c"], size=5000)})
    current = pd.DataFrame({"x": rng.normal(1.0, size=5000), "c": rng.choice(["a", "b", "c"], size=5000)})
    features = _by_column(detect_drift(reference, current))
    assert features["x"].psi is not None and features["x"].psi > 0.25 and features["x"].psi_level == "act"
    assert features["c"].psi is not None and features["c"].psi < 0.1 and features["c"].psi_level == "ok"


def test_numeric_psi_uses_reference_deciles() -> None:
    rng = _rng(12)
    ref, cur = rng.normal(size=2000), rng.normal(0.5, size=1500)
    edges = np.quantile(ref, np.linspace(0.1, 0.9, 9))
    ref_share = np.bincount(np.searchsorted(edges, ref, side="left"), minlength=10) / ref.size
    cur_share = np.bincount(np.searchsorted(edges, cur, side="left"), minlength=10) / cur.size
    feature = detect_drift(pd.DataFrame({"x": ref}), pd.DataFrame({"x": cur})).features[0]
    assert feature.psi == pytest.approx(drift.psi(ref_share, cur_share), rel=1e-3)


def test_report_json_round_trip() -> None:
    reference, current = _shifted_frames(200, [0.0, 1.0])
    report = detect_drift(reference, current)
    assert DriftReport.model_validate_json(report.model_dump_json()) == report


# --- config -------------------------------------------------------------------------------------------------


def test_config_rejects_unknown_keys_and_bad_values() -> None:
    with pytest.raises(ValidationError):
        DriftConfig.model_validate({"ks_pvalue": 0.01})
    with pytest.raises(ValidationError):
        DriftConfig(ks_p_value=1.5)
    with pytest.raises(ValidationError, match="psi_act"):
        DriftConfig(psi_watch=0.3, psi_act=0.2)
    assert DriftConfig.model_validate({"wasserstein_threshold": 0.2}).wasserstein_threshold == 0.2
