"""Data drift between a reference and a current window: per-feature tests, PSI and a dataset verdict.

- `kernels`: sorting and the statistics on sorted arrays or counts (KS, Wasserstein, chi-square, JS, PSI);
- `reference`: a reference column in the shape those need (from a frame here, from a stored profile in
  pipelines.profile);
- `columns`: one column's verdict; `report`: the columns to compare and the dataset verdict.
The names below are the package's public surface; the underscored ones are shared with pipelines.drift_dask,
which runs the same per-column verdicts on counts merged across partitions.
"""

from pipelines.drift.columns import (
    _compare_categorical,
    _compare_column,
    _compare_numeric,
    _infinite_note,
    _missing_only,
    _no_verdict,
    _p_score,
    _psi_level,
    category_key,
)
from pipelines.drift.kernels import (
    PSI_EPSILON,
    _bin_shares,
    _bucket_sort,
    chi2_two_sample,
    jensenshannon,
    ks_2samp_sorted,
    psi,
    sort_values,
    sorted_quantiles,
    wasserstein_sorted,
)
from pipelines.drift.reference import (
    CategoricalReference,
    NumericReference,
    Reference,
    _finite_values,
    _sorted_unique,
    _string_counts,
    build_reference,
    is_categorical_dtype,
    psi_bins,
)
from pipelines.drift.report import compare, dataset_report, detect_drift, resolve_columns
from pipelines.drift_result import DriftReport, FeatureDrift, Kind, Method
from pipelines.drift_settings import DriftConfig

__all__ = [
    "PSI_EPSILON", "CategoricalReference", "DriftConfig", "DriftReport", "FeatureDrift", "Kind", "Method",
    "NumericReference", "Reference", "build_reference", "category_key", "chi2_two_sample", "compare",
    "dataset_report", "detect_drift", "is_categorical_dtype", "jensenshannon", "ks_2samp_sorted", "psi",
    "psi_bins", "resolve_columns", "sort_values", "sorted_quantiles", "wasserstein_sorted",
    "_bin_shares", "_bucket_sort", "_compare_categorical", "_compare_column", "_compare_numeric",
    "_finite_values", "_infinite_note", "_missing_only", "_no_verdict", "_p_score", "_psi_level",
    "_sorted_unique", "_string_counts",
]
