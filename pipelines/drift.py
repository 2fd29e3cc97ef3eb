"""Data drift between a reference and a current window: per-feature tests, PSI and a dataset verdict."""

from __future__ import annotations

import functools
import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import special, stats

from pipelines.drift_result import DriftReport, FeatureDrift, Kind, Method  # noqa: F401 - re-exported
from pipelines.drift_settings import DriftConfig
from pipelines.errors import DataError

# Reference deciles give 10 PSI bins; a share of 0 in a bin is replaced by this so the log stays finite.
PSI_EPSILON = 1e-4
_PSI_LEVELS = np.linspace(0.1, 0.9, 9)


# --- the shape both entry points compare against ------------------------------------------------------------
# detect_drift builds these from the full reference frame; detect_drift_from_profile from a stored profile
# (sorted sample instead of all values). Everything below them is shared, so both paths give the same numbers.


@dataclass(frozen=True)
class NumericReference:
    values: np.ndarray  # sorted finite values (all of them, or a bounded sample)
    n_rows: int  # rows in the reference window, missing included
    n_valid: int  # finite values in the whole window (not the sample): decides KS vs Wasserstein
    n_infinite: int
    std: float
    psi_edges: np.ndarray  # distinct reference deciles
    psi_shares: np.ndarray  # reference share in each of the len(psi_edges) + 1 bins

    @property
    def missing_rate(self) -> float:
        return (self.n_rows - self.n_valid) / self.n_rows if self.n_rows else 0.0


@dataclass(frozen=True)
class CategoricalReference:
    keys: np.ndarray  # float64 when the column is numeric, else object array of str
    counts: np.ndarray  # int64, same order as keys
    n_rows: int
    numeric_keys: bool
    n_infinite: int = 0

    @property
    def n_valid(self) -> int:
        return int(self.counts.sum())

    @property
    def missing_rate(self) -> float:
        return (self.n_rows - self.n_valid) / self.n_rows if self.n_rows else 0.0


Reference = NumericReference | CategoricalReference


# --- public entry point -------------------------------------------------------------------------------------


def detect_drift(
    reference: pd.DataFrame,
    current: pd.DataFrame,
    *,
    columns: list[str] | None = None,
    config: DriftConfig | None = None,
) -> DriftReport:
    """Compare `current` with `reference` column by column; NaN and ±inf are dropped per column first."""
    config = config or DriftConfig()
    if len(reference) == 0:
        raise DataError(
            "The reference window is empty: there is nothing to compare against.",
            hint="Pick a reference window that has rows.",
        )
    selected = resolve_columns(list(reference.columns), list(current.columns), columns)
    return compare(
        lambda col: build_reference(reference[col], column=str(col), config=config),
        current,
        columns=selected,
        n_reference=len(reference),
        config=config,
    )


def resolve_columns(
    reference_columns: Sequence[object],
    current_columns: Sequence[object],
    columns: Sequence[object] | None,
    *,
    ignore_extra_current: bool = False,
) -> list[object]:
    """The columns to compare (default: the reference's); a DataError naming any that a side lacks."""
    wanted = list(reference_columns) if columns is None else list(columns)
    if not wanted:
        raise DataError("No columns to compare: `columns` is empty or the reference has none.")
    duplicated = sorted(
        str(name)
        for names in (wanted, reference_columns, current_columns)
        for name, count in Counter(names).items()
        if count > 1
    )
    if duplicated:
        raise DataError(
            f"Duplicate column names: {', '.join(duplicated)}.", hint="Give every column a unique name."
        )
    ref_set, cur_set = set(reference_columns), set(current_columns)
    problems = []
    missing_ref = [str(c) for c in wanted if c not in ref_set]
    missing_cur = [str(c) for c in wanted if c not in cur_set]
    if missing_ref:
        problems.append(f"missing in reference: {', '.join(missing_ref)}")
    if missing_cur:
        problems.append(f"missing in current: {', '.join(missing_cur)}")
    if columns is None and not ignore_extra_current:
        extra = [str(c) for c in current_columns if c not in ref_set]
        if extra:
            problems.append(f"only in current: {', '.join(extra)}")
    if problems:
        raise DataError(
            f"Columns differ between the windows ({'; '.join(problems)}).",
            hint="Pass columns=[...] to compare only the columns both windows have.",
        )
    return wanted


# --- building a reference -----------------------------------------------------------------------------------


def is_categorical_dtype(series: pd.Series) -> bool:
    """Text, category and bool columns are categorical whatever their values."""
    dtype = series.dtype
    return (
        isinstance(dtype, pd.CategoricalDtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_string_dtype(dtype)
        or pd.api.types.is_object_dtype(dtype)
    )


def _check_supported(series: pd.Series, column: str) -> None:
    dtype = series.dtype
    if is_categorical_dtype(series):
        return
    if (
        pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
        or pd.api.types.is_complex_dtype(dtype)
        or not pd.api.types.is_numeric_dtype(dtype)
    ):
        raise DataError(
            f"Column '{column}' has type {dtype}, which drift detection does not handle.",
            hint="Leave it out with columns=[...] (timestamps and ids are not features).",
        )


def _finite_values(series: pd.Series, column: str) -> tuple[np.ndarray, int]:
    """Finite float64 values and how many were ±inf."""
    if not pd.api.types.is_numeric_dtype(series.dtype) or is_categorical_dtype(series):
        try:
            series = pd.to_numeric(
                series.astype(object) if pd.api.types.is_bool_dtype(series.dtype) else series
            )
        except (ValueError, TypeError):
            raise DataError(
                f"Column '{column}' holds numbers in the reference but text in the current window.",
                hint="Fix the column's type upstream or leave it out with columns=[...].",
            ) from None
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    finite = np.isfinite(values)
    if finite.all():
        return values, 0
    return values[finite], int(np.isinf(values).sum())


def build_reference(series: pd.Series, *, column: str, config: DriftConfig) -> Reference:
    """All of a reference column in the shape the tests need; decides the column's kind."""
    if isinstance(series, pd.DataFrame):
        raise DataError(f"Duplicate column name '{column}'.", hint="Give every column a unique name.")
    _check_supported(series, column)
    n_rows = len(series)
    if is_categorical_dtype(series):
        keys, counts = _string_counts(series)
        return CategoricalReference(keys=keys, counts=counts, n_rows=n_rows, numeric_keys=False)
    values, n_infinite = _finite_values(series, column)
    ordered = sort_values(values)
    if ordered.size and _few_distinct(ordered, config.categorical_max_unique):
        keys, counts = _sorted_unique(ordered)
        return CategoricalReference(
            keys=keys, counts=counts, n_rows=n_rows, numeric_keys=True, n_infinite=n_infinite
        )
    edges, shares = psi_bins(ordered)
    return NumericReference(
        values=ordered,
        n_rows=n_rows,
        n_valid=int(ordered.size),
        n_infinite=n_infinite,
        std=float(np.std(ordered)) if ordered.size else 0.0,
        psi_edges=edges,
        psi_shares=shares,
    )


def psi_bins(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct reference deciles and the reference share in each bin they make."""
    if ordered.size == 0:  # an all-missing column: never compared, see _missing_only
        return np.zeros(0), np.ones(1)
    edges = np.unique(sorted_quantiles(ordered, _PSI_LEVELS))
    return edges, _bin_shares(ordered, edges)


def sorted_quantiles(ordered: np.ndarray, levels: np.ndarray) -> np.ndarray:
    """Linear-interpolation quantiles (numpy's default) of an already sorted array, without re-sorting."""
    position = np.asarray(levels, dtype=np.float64) * (ordered.size - 1)
    low = np.floor(position).astype(np.int64)
    high = np.minimum(low + 1, ordered.size - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def _bin_shares(ordered: np.ndarray, edges: np.ndarray) -> np.ndarray:
    # Bins are (-inf, e1], (e1, e2], ..., (ek, inf); searchsorted on sorted data counts them in O(k log n).
    cuts = np.concatenate(([0], np.searchsorted(ordered, edges, side="right"), [ordered.size]))
    return np.diff(cuts) / max(ordered.size, 1)


def _few_distinct(ordered: np.ndarray, limit: int) -> bool:
    """At most `limit` distinct values; an evenly spaced probe settles the usual continuous case cheaply."""
    probe = ordered[:: max(1, ordered.size // 64)]
    if probe.size > 1 and np.count_nonzero(probe[1:] != probe[:-1]) >= limit:
        return False
    return ordered.size == 0 or int(np.count_nonzero(ordered[1:] != ordered[:-1])) < limit


def _sorted_unique(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if ordered.size == 0:
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1))
    counts = np.diff(np.append(starts, ordered.size)).astype(np.int64)
    return ordered[starts], counts


def _string_counts(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Category counts keyed by the value's text, so a stored profile (str keys) matches a live frame."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        uniques: pd.Index | np.ndarray | pd.api.extensions.ExtensionArray = series.cat.categories
    else:
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques)).astype(np.int64)
    keep = counts > 0
    keys = pd.Index(uniques)[keep].astype(str)
    counts = counts[keep]
    if keys.has_duplicates:  # e.g. 1 and "1" in one object column: same text, one category
        merged = pd.Series(counts, index=keys).groupby(level=0, sort=False).sum()
        keys, counts = merged.index, merged.to_numpy(dtype=np.int64)
    return np.asarray(keys, dtype=object), counts


# --- sorting ------------------------------------------------------------------------------------------------

_BUCKET_SORT_MIN = 1 << 15


def sort_values(values: np.ndarray) -> np.ndarray:
    """np.sort of finite float64 values; large arrays go through `_bucket_sort` where that is faster.

    Sorting is most of the run time. On some CPUs (AMD Zen 4: slow AVX-512 compress-store) numpy's sort of
    1M doubles is ~5x slower than its AVX2 path, and sorting ~250-value buckets wins by 30-40% from 30k values
    up; elsewhere plain np.sort wins. A one-off timing per process picks; both give the identical array.
    """
    if values.size >= _BUCKET_SORT_MIN and _bucket_sort_pays():
        return _bucket_sort(values)
    return np.sort(values)


def _bucket_sort(values: np.ndarray) -> np.ndarray:
    n = values.size
    buckets = min(4096, max(64, n // 256))
    probe = np.sort(values[:: max(1, n // 2048)])
    low, high = probe[probe.size // 200], probe[-1 - probe.size // 200]
    scale = (buckets - 2) / (high - low) if high > low else math.inf
    if not math.isfinite(scale):
        return np.sort(values)
    with np.errstate(over="ignore", invalid="ignore"):
        # Monotone in the value (every step rounds monotonically), so bucket order is value order.
        bucket = np.clip((values - low) * scale + 1.0, 0.0, buckets - 1).astype(
            np.uint8 if buckets <= 256 else np.uint16
        )
    # A stable argsort of small ints is a radix sort: O(n), unlike sorting the values themselves.
    ordered = np.take(values, np.argsort(bucket, kind="stable"))
    start = 0
    for stop in np.cumsum(np.bincount(bucket, minlength=buckets)).tolist():
        if stop - start > 1:
            ordered[start:stop].sort()
        start = stop
    return ordered


@functools.cache
def _bucket_sort_pays() -> bool:
    sample = np.random.default_rng(0).standard_normal(1 << 17)

    def best(sort: Callable[[np.ndarray], np.ndarray]) -> float:
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            sort(sample)
            timings.append(time.perf_counter() - started)
        return min(timings)

    return best(_bucket_sort) < 0.8 * best(np.sort)


# --- statistics (all take sorted arrays or counts) ----------------------------------------------------------


def ks_2samp_sorted(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """Two-sided two-sample KS statistic and p-value of sorted samples, as scipy's ks_2samp(method="asymp").

    scipy's default switches to an exact p-value below 10,000 rows; the asymptotic one differs from it by a
    few percent of its value and keeps this O(m log n): a 1M-row reference against 500 current rows is cheap.
    """
    small, large = (a, b) if a.size <= b.size else (b, a)
    n_small, n_large = small.size, large.size
    # F - G only changes at data points; between two points of the small sample G is flat and F rises, so the
    # extremes are at the small sample's points (right values) and just before them (left limits).
    f_right = np.searchsorted(large, small, side="right") / n_large
    f_left = np.searchsorted(large, small, side="left") / n_large
    g_right = np.searchsorted(small, small, side="right") / n_small
    g_left = np.searchsorted(small, small, side="left") / n_small
    d = float(max(np.max(np.abs(f_right - g_right)), np.max(np.abs(f_left - g_left))))
    m, n = float(max(n_small, n_large)), float(min(n_small, n_large))
    en = max(round(m * n / (m + n)), 1)
    p = float(np.clip(stats.kstwo.sf(d, en), 0.0, 1.0))
    return d, (1.0 if math.isnan(p) else p)


def wasserstein_sorted(u: np.ndarray, v: np.ndarray) -> float:
    """First Wasserstein distance of two sorted samples, as scipy's wasserstein_distance.

    Uses the quantile form W1 = ∫|Qu(t) - Qv(t)| dt. Its breakpoints i/n and j/m are known, so every interval
    of the merged grid is found by arithmetic from the breakpoint that ends it: no merge, no second sort.
    """
    n, m = u.size, v.size
    if n == m:
        return float(np.mean(np.abs(u - v)))
    return float(
        (_quantile_part(u, v, strict=True) + _quantile_part(v, u, strict=False)) / (float(n) * float(m))
    )


def _quantile_part(u: np.ndarray, v: np.ndarray, *, strict: bool) -> float:
    """Σ width·|Qu - Qv| over the merged intervals that end at one of u's breakpoints (units of 1/(n·m)).

    Breakpoint i of u sits at K = i·m; its interval starts at the later of u's previous breakpoint and v's
    last breakpoint below K. Where both have a breakpoint at K, one side (strict) counts v's breakpoints
    strictly below and the other counts u's at or below, so that interval is counted once. Integers stay
    below 2**53 for n·m < 4.5e15, so float64 arithmetic is exact, and floor/ceil of a correctly rounded
    quotient are exact too.
    """
    n, m = float(u.size), float(v.size)
    k = np.arange(1, u.size + 1, dtype=np.float64)
    k *= m
    # In place: this runs on arrays as long as the windows.
    start = k - 1.0 if strict else k.copy()
    start /= n
    np.floor(start, out=start)
    start *= n
    np.maximum(start, k - m, out=start)
    np.subtract(k, start, out=start)
    k /= n
    np.ceil(k, out=k)
    index = k.astype(np.int64)
    index -= 1
    gap = v[index]
    np.subtract(u, gap, out=gap)
    np.abs(gap, out=gap)
    return float(np.dot(start, gap))


def chi2_two_sample(ref_counts: np.ndarray, cur_counts: np.ndarray) -> tuple[float, float]:
    """scipy.stats.chi2_contingency on the 2 x k table of counts (Yates' correction when k == 2, as scipy)."""
    observed = np.vstack([ref_counts, cur_counts]).astype(np.float64)
    observed = observed[:, observed.sum(axis=0) > 0]
    k = observed.shape[1]
    if k < 2:
        return 0.0, 1.0
    expected = np.outer(observed.sum(axis=1), observed.sum(axis=0)) / observed.sum()
    if k == 2:
        diff = expected - observed
        observed = observed + np.sign(diff) * np.minimum(0.5, np.abs(diff))
    statistic = float(np.sum((observed - expected) ** 2 / expected))
    return statistic, float(stats.chi2.sf(statistic, k - 1))


def jensenshannon(p: np.ndarray, q: np.ndarray) -> float:
    """Jensen-Shannon distance, natural log: as scipy's jensenshannon(p, q) and Evidently (max √ln2)."""
    p = p / p.sum()
    q = q / q.sum()
    m = (p + q) / 2.0
    divergence = (special.rel_entr(p, m).sum() + special.rel_entr(q, m).sum()) / 2.0
    return float(math.sqrt(max(divergence, 0.0)))


def psi(ref_shares: np.ndarray, cur_shares: np.ndarray) -> float:
    """Population stability index; empty bins count as PSI_EPSILON."""
    r = np.maximum(ref_shares, PSI_EPSILON)
    c = np.maximum(cur_shares, PSI_EPSILON)
    return float(np.sum((c - r) * np.log(c / r)))


# --- comparing ----------------------------------------------------------------------------------------------


def compare(
    reference_for: Callable[[object], Reference],
    current: pd.DataFrame,
    *,
    columns: Sequence[object],
    n_reference: int,
    config: DriftConfig,
) -> DriftReport:
    """Compare each current column with its reference and make the dataset verdict.

    References are built one column at a time so that only one column's sorted values are alive at once: on
    1M rows x 20 numeric columns that is ~30 MB at peak instead of ~200 MB.
    """
    if len(current) == 0:
        raise DataError(
            "The current window is empty: there is nothing to check.",
            hint="Pick a window that has rows, e.g. a longer `last=`.",
        )
    n_current = len(current)
    enough = n_current >= config.min_rows and n_reference >= config.min_rows
    features = []
    for col in columns:
        series = current[col]
        if isinstance(series, pd.DataFrame):
            raise DataError(f"Duplicate column name '{col}'.", hint="Give every column a unique name.")
        ref = reference_for(col)
        features.append(
            _compare_column(str(col), ref, series, config) if enough else _no_verdict(str(col), ref, series)
        )
    return dataset_report(features, n_reference, n_current, enough, config)


def dataset_report(features: list[FeatureDrift], n_reference: int, n_current: int, enough: bool,
                   config: DriftConfig) -> DriftReport:
    """The dataset verdict from per-feature results: shared by the in-memory and the Dask engines."""
    drifted = sum(f.drifted for f in features)
    share = drifted / len(features)
    dataset_drift = enough and share >= config.dataset_drift_share
    if not enough:
        side, rows = ("current", n_current) if n_current < config.min_rows else ("reference", n_reference)
        message = f"Not enough data: {rows} {side} row{'s' if rows != 1 else ''}, need {config.min_rows}"
    else:
        verdict = "Dataset drift" if dataset_drift else "No dataset drift"
        message = f"{verdict}: {drifted} of {len(features)} features drifted ({share:.0%})"
    return DriftReport(features=features, n_reference=n_reference, n_current=n_current, drifted_count=drifted,
                       drifted_share=share, dataset_drift=dataset_drift, enough_data=enough, message=message)


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
