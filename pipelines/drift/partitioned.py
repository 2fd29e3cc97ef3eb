"""Drift over a window too large for one machine's memory: per-partition counts on Dask, summed, then the tests.

One pass: each partition contributes counts only: rows, missing, infinities, range, category counts and, for a
numeric column, how many of its values lie at or below (and strictly below) each point of a grid fixed by the
reference alone (its values, its PSI edges and GRID evenly spaced points over its range), plus the summed
distance of the values that fall outside that range. Counts and sums add up exactly, so merging partitions is a
sum, and from the merged counts:
- PSI and chi-square / Jensen-Shannon are exact (their inputs are counts);
- KS against the reference sample is exact: the grid holds every reference point, where the ECDF gap peaks;
- Wasserstein, ∫|F_ref − F_cur| dx, is exact at grid points and outside the reference range (where F_ref is 0 or 1
  the integral is the summed distance), and linear inside a cell: its error is under the reference range / GRID.
A current column with at most `collect_max` finite values is tested on its values in memory, exactly as
`detect_drift_from_profile` does; so are verdicts (and the method chosen), on data that fits either way. Each
partition sends its values along when it holds at most its share of `collect_max`; only when that share was
uneven and the column turns out small does a second, values-only pass read that column again.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from pipelines.drift.columns import (
    _compare_categorical,
    _compare_numeric,
    _infinite_note,
    _missing_only,
    _p_score,
    _psi_level,
)
from pipelines.drift.kernels import psi, sort_values
from pipelines.drift.profile import ReferenceProfile, _from_profile
from pipelines.drift.reference import CategoricalReference, NumericReference, _string_counts
from pipelines.drift.report import dataset_report, resolve_columns
from pipelines.drift.result import DriftReport, FeatureDrift
from pipelines.drift.settings import DriftConfig
from pipelines.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

GRID = 16_384
COLLECT_MAX = 200_000


def detect_drift_dask(profile: ReferenceProfile, current: Any, *, config: DriftConfig | None = None,
                      collect_max: int = COLLECT_MAX) -> DriftReport:
    """`detect_drift_from_profile` for a dask DataFrame: one pass over the partitions, counts only."""
    import dask

    config = config or DriftConfig()
    names = [str(n) for n in resolve_columns(list(profile.features), [str(c) for c in current.columns], None,
                                             ignore_extra_current=True)]
    refs = {name: _from_profile(profile.features[name]) for name in names}
    kinds = {n: "numeric" if isinstance(r, NumericReference) else "keys" if r.numeric_keys else "text"
             for n, r in refs.items()}
    grids = {n: _grid(r) for n, r in refs.items() if isinstance(r, NumericReference) and r.values.size}
    parts = current[names].to_delayed()
    small = {n: max(collect_max, r.values.size) for n, r in refs.items() if isinstance(r, NumericReference)}
    keep = {n: limit // max(1, len(parts)) for n, limit in small.items()}
    counted = _sum(dask.compute(*[dask.delayed(_count)(part, kinds, grids, keep) for part in parts]))
    n_current = counted["__rows__"]
    if n_current == 0:
        raise DataError("The current window is empty: there is nothing to check.",
                        hint="Pick a window that has rows, e.g. a longer `last=`.")
    enough = n_current >= config.min_rows and profile.n_rows >= config.min_rows
    collect = {n for n in small if enough and (counted[n]["n"] <= small[n] or n not in grids)}
    missed = [n for n in collect if counted[n]["kept"] < counted[n]["n"]]  # uneven partitions: read those again
    if missed:
        again = _sum(dask.compute(*[dask.delayed(_values)(part, missed) for part in parts]))
        for n in missed:
            counted[n]["values"] = again[n]["values"]
    features = []
    for name in names:
        ref, got = refs[name], counted[name]
        if not enough:
            features.append(_no_verdict(name, ref, got, n_current))
        elif name in collect:
            values = np.concatenate(got["values"]) if got.get("values") else np.zeros(0)
            features.append(_compare_numeric(name, ref, sort_values(values), n_current, got["inf"], config))
        elif isinstance(ref, NumericReference):
            features.append(_numeric(name, ref, got, grids[name], n_current, config))
        else:
            keys = np.array(list(got["keys"]), dtype=float if ref.numeric_keys else object)
            counts = np.array(list(got["keys"].values()), dtype=np.int64)
            features.append(_compare_categorical(name, ref, keys, counts, n_current, got["inf"], config))
    return dataset_report(features, profile.n_rows, n_current, enough, config)


def _grid(ref: NumericReference) -> np.ndarray:
    """The points every partition counts at: the reference's values and PSI edges, and GRID points over its range."""
    lo, hi = float(ref.values[0]), float(ref.values[-1])
    return np.unique(np.concatenate([ref.values, ref.psi_edges, np.linspace(lo, hi, GRID)]))


def _count(part: pd.DataFrame, kinds: dict[str, str], grids: dict[str, np.ndarray],
           keep: dict[str, int]) -> dict[str, Any]:
    """The one pass over a partition: rows, missing, infinities, range, category counts, and for a numeric column
    its counts at the grid points, the distance summed outside the grid, and its values when they are few."""
    out: dict[str, Any] = {"__rows__": len(part)}
    for name, kind in kinds.items():
        series = part[name]
        entry: dict[str, Any] = {"na": int(series.isna().sum())}
        if kind == "text":
            keys, counts = _string_counts(series)
            entry.update(inf=0, keys=dict(zip(keys.tolist(), counts.tolist())))
            out[name] = entry
            continue
        values = series.to_numpy(dtype=np.float64, na_value=np.nan)
        finite = np.sort(values[np.isfinite(values)])  # sorted once: every count below is a binary search
        entry.update(inf=int(np.isinf(values).sum()), n=int(finite.size),
                     lo=float(finite[0]) if finite.size else math.inf,
                     hi=float(finite[-1]) if finite.size else -math.inf)
        if kind == "keys":
            keys, counts = np.unique(finite, return_counts=True)
            entry["keys"] = dict(zip(keys.tolist(), counts.tolist()))
        else:
            if finite.size <= keep[name]:
                entry.update(values=[finite], kept=int(finite.size))
            else:
                entry["kept"] = 0
            if (grid := grids.get(name)) is not None:
                le, lt = np.searchsorted(finite, grid, side="right"), np.searchsorted(finite, grid, side="left")
                entry.update(le=le, lt=lt, below=float(np.sum(grid[0] - finite[:lt[0]])),
                             above=float(np.sum(finite[le[-1]:] - grid[-1])))
        out[name] = entry
    return out


def _values(part: pd.DataFrame, names: list[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in names:
        values = part[name].to_numpy(dtype=np.float64, na_value=np.nan)
        out[name] = {"values": [values[np.isfinite(values)]]}
    return out


def _numeric(name: str, ref: NumericReference, counted: dict[str, Any], grid: np.ndarray, n_rows: int,
             config: DriftConfig) -> FeatureDrift:
    n = counted["n"]
    le, lt = counted["le"], counted["lt"]
    missing_cur = (n_rows - n) / n_rows
    notes = [note] if (note := _infinite_note(ref.n_infinite, counted["inf"])) else []
    if done := _missing_only(name, "numeric", ref.n_valid, n, ref.missing_rate, missing_cur, notes):
        return done
    at = np.searchsorted(grid, ref.psi_edges)
    shares = np.diff(np.concatenate(([0], le[at], [n]))) / n
    value = psi(ref.psi_shares, shares)
    p_value = None
    if ref.std == 0.0:
        same = counted["lo"] == ref.values[0] and counted["hi"] == ref.values[0]
        notes.insert(0, "constant in both windows" if same else "constant in reference; current differs")
        method, threshold, statistic, drifted, score = "none", 0.0, None, not same, 0.0 if same else 1.0
    elif min(ref.n_valid, n) <= config.ks_max_rows:
        method, threshold = "ks", config.ks_p_value
        statistic, p_value = _ks(ref.values, grid, le, lt, n)
        drifted, score = p_value < threshold, _p_score(p_value, threshold)
    else:
        method, threshold = "wasserstein", config.wasserstein_threshold
        outside = (counted["below"] + counted["above"]) / n  # F_ref is 0 below the grid and 1 above it
        statistic = (_wasserstein(ref.values, grid, le, lt, n) + outside) / ref.std
        drifted, score = statistic > threshold, statistic / threshold
    return FeatureDrift(column=name, kind="numeric", method=method, statistic=statistic, p_value=p_value,
                        threshold=threshold, drifted=bool(drifted), psi=value, psi_level=_psi_level(value, config),
                        missing_reference=ref.missing_rate, missing_current=missing_cur,
                        note="; ".join(notes) or None, score=score)


def _ks(ref: np.ndarray, grid: np.ndarray, le: np.ndarray, lt: np.ndarray, n: int) -> tuple[float, float]:
    """As `ks_2samp_sorted` with the reference sample as the small side (it is: n > collect_max ≥ its size)."""
    from scipy import stats

    at = np.searchsorted(grid, ref)
    f_right, f_left = le[at] / n, lt[at] / n
    g_right = np.searchsorted(ref, ref, side="right") / ref.size
    g_left = np.searchsorted(ref, ref, side="left") / ref.size
    d = float(max(np.max(np.abs(f_right - g_right)), np.max(np.abs(f_left - g_left))))
    en = max(round(float(n) * ref.size / (n + ref.size)), 1)
    p = float(np.clip(stats.kstwo.sf(d, en), 0.0, 1.0))
    return d, (1.0 if math.isnan(p) else p)


def _wasserstein(ref: np.ndarray, grid: np.ndarray, le: np.ndarray, lt: np.ndarray, n: int) -> float:
    width = np.diff(grid)
    c = np.searchsorted(ref, grid[:-1], side="right") / ref.size  # F_ref, flat on each cell
    a, b = le[:-1] / n, lt[1:] / n  # F_cur just after the cell's start and just before its end
    outside = (c - a) * (c - b) >= 0
    span = np.where(b > a, b - a, 1.0)
    inside = ((c - a) ** 2 + (b - c) ** 2) / (2 * span)
    return float(np.sum(width * np.where(outside, np.abs(c - (a + b) / 2), inside)))


def _no_verdict(name: str, ref: NumericReference | CategoricalReference, counted: dict[str, Any],
                n_rows: int) -> FeatureDrift:
    return FeatureDrift(column=name, kind="numeric" if isinstance(ref, NumericReference) else "categorical",
                        method="none", statistic=None, p_value=None, threshold=0.0, drifted=False, psi=None,
                        missing_reference=ref.missing_rate, missing_current=counted["na"] / n_rows,
                        note="not enough data for a verdict")




def _sum(parts: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    """Merge per-partition results: numbers add, count dicts add per key, lo/hi take min/max, lists join."""
    total: dict[str, Any] = {}
    for part in parts:
        for name, value in part.items():
            if not isinstance(value, dict):
                total[name] = total.get(name, 0) + value
                continue
            into = total.setdefault(name, {})
            for key, v in value.items():
                if key not in into:
                    into[key] = dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v
                elif key == "lo":
                    into[key] = min(into[key], v)
                elif key == "hi":
                    into[key] = max(into[key], v)
                elif isinstance(v, dict):
                    for k, c in v.items():
                        into[key][k] = into[key].get(k, 0) + c
                elif isinstance(v, list):
                    into[key].extend(v)
                else:
                    into[key] = into[key] + v
    return total
