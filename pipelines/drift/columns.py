"""One column's verdict: the test chosen by kind and size, PSI beside it, notes on missing and constant values."""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

from pipelines.drift.kernels import (
    _bin_shares,
    chi2_two_sample,
    jensenshannon,
    ks_2samp_sorted,
    psi,
    sort_values,
    wasserstein_sorted,
)
from pipelines.drift.reference import (
    CategoricalReference,
    NumericReference,
    Reference,
    _finite_values,
    _sorted_unique,
    _string_counts,
)
from pipelines.drift.result import FeatureDrift, Kind, Method
from pipelines.drift.settings import DriftConfig


def _no_verdict(column: str, ref: Reference, series: pd.Series) -> FeatureDrift:
    n = len(series)
    missing = float(series.isna().sum()) / n if n else 0.0
    kind: Kind = "numeric" if isinstance(ref, NumericReference) else "categorical"
    return FeatureDrift(
        column=column,
        kind=kind,
        method="none",
        statistic=None,
        p_value=None,
        threshold=0.0,
        drifted=False,
        psi=None,
        missing_reference=ref.missing_rate,
        missing_current=missing,
        note="not enough data for a verdict",
    )


def _compare_column(column: str, ref: Reference, series: pd.Series, config: DriftConfig) -> FeatureDrift:
    if isinstance(ref, NumericReference):
        values, n_infinite = _finite_values(series, column)
        return _compare_numeric(column, ref, sort_values(values), len(series), n_infinite, config)
    if ref.numeric_keys:
        values, n_infinite = _finite_values(series, column)
        keys, counts = _sorted_unique(sort_values(values))
    else:
        keys, counts = _string_counts(series)
        n_infinite = 0
    return _compare_categorical(column, ref, keys, counts, len(series), n_infinite, config)


def _infinite_note(ref_inf: int, cur_inf: int) -> str | None:
    parts = [f"{n} in {side}" for n, side in ((ref_inf, "reference"), (cur_inf, "current")) if n]
    return f"±inf treated as missing ({', '.join(parts)})" if parts else None


def _missing_only(
    column: str,
    kind: Kind,
    ref_valid: int,
    cur_valid: int,
    missing_ref: float,
    missing_cur: float,
    notes: list[str],
) -> FeatureDrift | None:
    """The verdict when a side has no values at all: nothing to test, but values (dis)appearing is drift."""
    if ref_valid and cur_valid:
        return None
    if not ref_valid and not cur_valid:
        notes.insert(0, "all values missing in both windows")
        drifted = False
    elif not cur_valid:
        notes.insert(0, f"all values missing in current (reference {missing_ref:.0%} missing)")
        drifted = True
    else:
        notes.insert(0, f"all values missing in reference (current {missing_cur:.0%} missing)")
        drifted = True
    return FeatureDrift(
        column=column,
        kind=kind,
        method="none",
        statistic=None,
        p_value=None,
        threshold=0.0,
        drifted=drifted,
        psi=None,
        missing_reference=missing_ref,
        missing_current=missing_cur,
        note="; ".join(notes),
        score=1.0 if drifted else 0.0,
    )


def _psi_level(value: float, config: DriftConfig) -> Literal["ok", "watch", "act"]:
    return "act" if value >= config.psi_act else "watch" if value >= config.psi_watch else "ok"


def _p_score(p: float, alpha: float) -> float:
    return -math.log10(max(p, 1e-300)) / -math.log10(alpha)


def _compare_numeric(
    column: str, ref: NumericReference, cur: np.ndarray, n_rows: int, n_infinite: int, config: DriftConfig
) -> FeatureDrift:
    missing_cur = (n_rows - cur.size) / n_rows
    notes = [note] if (note := _infinite_note(ref.n_infinite, n_infinite)) else []
    if done := _missing_only(column, "numeric", ref.n_valid, cur.size, ref.missing_rate, missing_cur, notes):
        return done
    value = psi(ref.psi_shares, _bin_shares(cur, ref.psi_edges))
    statistic: float | None
    p_value: float | None = None
    if ref.std == 0.0:  # only with categorical_max_unique < 1: a constant "numeric" reference
        same = bool(cur[0] == ref.values[0] and cur[-1] == ref.values[0])
        notes.insert(0, "constant in both windows" if same else "constant in reference; current differs")
        method: Method = "none"
        threshold, statistic, drifted, score = 0.0, None, not same, 0.0 if same else 1.0
    elif min(ref.n_valid, cur.size) <= config.ks_max_rows:
        method, threshold = "ks", config.ks_p_value
        statistic, p_value = ks_2samp_sorted(ref.values, cur)
        drifted, score = p_value < threshold, _p_score(p_value, threshold)
    else:
        method, threshold = "wasserstein", config.wasserstein_threshold
        statistic = wasserstein_sorted(ref.values, cur) / ref.std
        drifted, score = statistic > threshold, statistic / threshold
    return FeatureDrift(
        column=column,
        kind="numeric",
        method=method,
        statistic=statistic,
        p_value=p_value,
        threshold=threshold,
        drifted=bool(drifted),
        psi=value,
        psi_level=_psi_level(value, config),
        missing_reference=ref.missing_rate,
        missing_current=missing_cur,
        note="; ".join(notes) or None,
        score=score,
    )


def category_key(key: float) -> str:
    """A numeric category as text: integers without '.0' (as people type them), else repr (float() reads it
    back exactly)."""
    key = float(key)
    return str(int(key)) if key.is_integer() and abs(key) < 2**53 else repr(key)


def _compare_categorical(
    column: str,
    ref: CategoricalReference,
    cur_keys: np.ndarray,
    cur_counts: np.ndarray,
    n_rows: int,
    n_infinite: int,
    config: DriftConfig,
) -> FeatureDrift:
    n_valid = int(cur_counts.sum())
    missing_cur = (n_rows - n_valid) / n_rows
    notes = [note] if (note := _infinite_note(ref.n_infinite, n_infinite)) else []
    if done := _missing_only(
        column, "categorical", ref.n_valid, n_valid, ref.missing_rate, missing_cur, notes
    ):
        return done
    # Align on the union of categories: the reference's first, then those only the current window has.
    position = pd.Index(ref.keys).get_indexer(cur_keys)
    unseen = position < 0
    n_unseen = int(unseen.sum())
    k = ref.keys.size + n_unseen
    ref_counts = np.zeros(k, dtype=np.int64)
    ref_counts[: ref.keys.size] = ref.counts
    counts = np.zeros(k, dtype=np.int64)
    counts[position[~unseen]] = cur_counts[~unseen]
    counts[ref.keys.size :] = cur_counts[unseen]
    ref_shares, cur_shares = ref_counts / ref_counts.sum(), counts / n_valid
    value = psi(ref_shares, cur_shares)
    if n_unseen:
        notes.append(f"{n_unseen} categor{'y' if n_unseen == 1 else 'ies'} not seen in reference")
    statistic: float | None
    p_value: float | None = None
    shown = category_key(ref.keys[0]) if ref.numeric_keys else str(ref.keys[0])
    if k == 1:
        notes.insert(0, f"constant in both windows ({shown})")
        method: Method = "none"
        threshold, statistic, drifted, score = 0.0, None, False, 0.0
    else:
        if ref.keys.size == 1:
            notes.insert(0, f"constant in reference ({shown}); current differs")
        if min(ref.n_valid, n_valid) <= config.ks_max_rows:
            method, threshold = "chi2", config.chi2_p_value
            statistic, p_value = chi2_two_sample(ref_counts, counts)
            drifted, score = p_value < threshold, _p_score(p_value, threshold)
        else:
            method, threshold = "jensenshannon", config.jensenshannon_threshold
            statistic = jensenshannon(ref_shares, cur_shares)
            drifted, score = statistic > threshold, statistic / threshold
    return FeatureDrift(
        column=column,
        kind="categorical",
        method=method,
        statistic=statistic,
        p_value=p_value,
        threshold=threshold,
        drifted=bool(drifted),
        psi=value,
        psi_level=_psi_level(value, config),
        missing_reference=ref.missing_rate,
        missing_current=missing_cur,
        unseen_categories=n_unseen,
        note="; ".join(notes) or None,
        score=score,
    )
