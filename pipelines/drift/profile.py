"""The reference profile: a compact JSON summary of training data that later drift checks compare against."""

from __future__ import annotations

import zlib
from typing import Annotated, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from pipelines.drift.columns import category_key
from pipelines.drift.kernels import sorted_quantiles
from pipelines.drift.reference import CategoricalReference, NumericReference, Reference, build_reference
from pipelines.drift.report import compare, resolve_columns
from pipelines.drift.result import DriftReport
from pipelines.drift.settings import DriftConfig
from pipelines.errors import DataError

PROFILE_VERSION = 1
QUANTILE_LEVELS = (0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0)


class NumericProfile(BaseModel):
    """Summary of one numeric column; `sample` (sorted) stands in for all values in KS / Wasserstein."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["numeric"] = "numeric"
    n: int = Field(description="rows in the reference window, missing included")
    n_valid: int = Field(
        description="finite values in the window (the sample holds at most max_sample of them)"
    )
    n_infinite: int = 0
    missing_rate: float
    mean: float | None = Field(description="None when the column has no finite value")
    std: float = Field(
        description="population std (ddof=0) of all finite values; Wasserstein is divided by it"
    )
    quantiles: list[float] = Field(description="at QUANTILE_LEVELS, over all finite values")
    psi_edges: list[float] = Field(description="distinct deciles of all finite values: the PSI bin edges")
    psi_shares: list[float] = Field(description="share of all finite values in each PSI bin")
    sample: list[float]


class CategoricalProfile(BaseModel):
    """Category counts of one column, keyed by the value's text."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["categorical"] = "categorical"
    n: int
    n_infinite: int = 0
    missing_rate: float
    numeric_keys: bool = Field(
        description="the column is numeric with few distinct values; keys parse as float"
    )
    counts: dict[str, int]


FeatureProfile = Annotated[NumericProfile | CategoricalProfile, Field(discriminator="kind")]


class ReferenceProfile(BaseModel):
    """Made once at training and stored as a JSON artifact; `model_validate_json` reads it back."""

    model_config = ConfigDict(extra="forbid")

    version: int = PROFILE_VERSION
    n_rows: int
    max_sample: int
    random_state: int
    features: dict[str, FeatureProfile]


def build_profile(
    frame: pd.DataFrame,
    *,
    columns: list[str] | None = None,
    config: DriftConfig | None = None,
    max_sample: int = 10_000,
    random_state: int = 0,
) -> ReferenceProfile:
    """Profile `frame`; a numeric column keeps a seeded sample of at most `max_sample` finite values."""
    config = config or DriftConfig()
    if len(frame) == 0:
        raise DataError("Cannot profile an empty frame: the reference window has no rows.")
    if max_sample < 1:
        raise DataError(f"max_sample must be at least 1, got {max_sample}.")
    selected = resolve_columns(list(frame.columns), list(frame.columns), columns)
    features: dict[str, NumericProfile | CategoricalProfile] = {}
    for col in selected:
        ref = build_reference(frame[col], column=str(col), config=config)
        # Seeded per column name: a column's sample does not change when other columns come or go.
        rng = np.random.default_rng([random_state, zlib.crc32(str(col).encode())])
        features[str(col)] = _to_profile(ref, rng=rng, max_sample=max_sample)
    return ReferenceProfile(
        n_rows=len(frame), max_sample=max_sample, random_state=random_state, features=features
    )


def detect_drift_from_profile(
    profile: ReferenceProfile,
    current: pd.DataFrame,
    *,
    columns: list[str] | None = None,
    config: DriftConfig | None = None,
) -> DriftReport:
    """detect_drift against a stored profile; the current window is used whole, never sampled.

    Columns default to the profile's features; extra current columns are ignored, missing ones a DataError.

    KS vs Wasserstein (and chi-square vs Jensen-Shannon) is decided on the reference window's full size, not
    the sample's: KS on a 10k-value sample against <= ks_max_rows current rows is a valid two-sample test, and
    the choice then matches detect_drift on the full frames.
    """
    config = config or DriftConfig()
    by_name = {str(c): c for c in current.columns}
    if len(by_name) != len(current.columns):
        raise DataError(
            "Duplicate column names in the current window.", hint="Give every column a unique name."
        )
    # Live data carries more than the features (ids, timestamps, the target): the profile says which count.
    names = resolve_columns(list(profile.features), list(by_name), columns, ignore_extra_current=True)
    frame = current.rename(columns=lambda c: str(c))
    return compare(
        lambda name: _from_profile(profile.features[str(name)]),
        frame,
        columns=[str(n) for n in names],
        n_reference=profile.n_rows,
        config=config,
    )


def _to_profile(
    ref: Reference, *, rng: np.random.Generator, max_sample: int
) -> NumericProfile | CategoricalProfile:
    if isinstance(ref, CategoricalReference):
        keys = (
            [category_key(k) for k in ref.keys.tolist()] if ref.numeric_keys else [str(k) for k in ref.keys]
        )
        return CategoricalProfile(
            n=ref.n_rows,
            n_infinite=ref.n_infinite,
            missing_rate=ref.missing_rate,
            numeric_keys=ref.numeric_keys,
            counts=dict(zip(keys, ref.counts.tolist(), strict=True)),
        )
    values = ref.values
    # `values` is sorted, so sorted positions give a sorted sample.
    sample = (
        values
        if values.size <= max_sample
        else values[np.sort(rng.choice(values.size, max_sample, replace=False))]
    )
    return NumericProfile(
        n=ref.n_rows,
        n_valid=ref.n_valid,
        n_infinite=ref.n_infinite,
        missing_rate=ref.missing_rate,
        mean=float(np.mean(values)) if values.size else None,
        std=ref.std,
        quantiles=sorted_quantiles(values, np.array(QUANTILE_LEVELS)).tolist() if values.size else [],
        psi_edges=ref.psi_edges.tolist(),
        psi_shares=ref.psi_shares.tolist(),
        sample=sample.tolist(),
    )


def _from_profile(feature: NumericProfile | CategoricalProfile) -> Reference:
    if isinstance(feature, CategoricalProfile):
        if feature.numeric_keys:
            keys = np.array([float(k) for k in feature.counts], dtype=np.float64)
        else:
            keys = np.array(list(feature.counts), dtype=object)
        return CategoricalReference(
            keys=keys,
            counts=np.array(list(feature.counts.values()), dtype=np.int64),
            n_rows=feature.n,
            numeric_keys=feature.numeric_keys,
            n_infinite=feature.n_infinite,
        )
    return NumericReference(
        values=np.asarray(feature.sample, dtype=np.float64),
        n_rows=feature.n,
        n_valid=feature.n_valid,
        n_infinite=feature.n_infinite,
        std=feature.std,
        psi_edges=np.asarray(feature.psi_edges, dtype=np.float64),
        psi_shares=np.asarray(feature.psi_shares, dtype=np.float64),
    )
