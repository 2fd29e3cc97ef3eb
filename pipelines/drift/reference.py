"""A reference column in the shape the drift tests need: sorted values or category counts, PSI bins."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from pipelines.drift.kernels import _bin_shares, sort_values, sorted_quantiles
from pipelines.drift.settings import DriftConfig
from pipelines.errors import DataError

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
