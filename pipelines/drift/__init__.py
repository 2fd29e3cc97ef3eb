"""Data drift between a reference and a current window: per-feature tests, PSI and a dataset verdict.

- `kernels`: sorting and the statistics on sorted arrays or counts (KS, Wasserstein, chi-square, JS, PSI);
- `reference`: a reference column in the shape those need (from a frame here, from a stored profile in `profile`);
- `columns`: one column's verdict; `report`: the columns to compare and the dataset verdict;
- `profile`: the compact summary of training data stored with a version; `partitioned`: the same verdicts on
  counts merged across the partitions of a Dask DataFrame; `chart`: the picture of the top drifted features;
- `result` and `settings`: what a check reports and its thresholds, plain models without numpy.

The names below are resolved on first use (PEP 562), so `pipelines.drift.settings` (loaded with every config) and
`pipelines.drift.result` (read by renderers) cost no numpy, pandas or scipy.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "PSI_EPSILON": "kernels",
    "CategoricalReference": "reference",
    "DriftConfig": "settings",
    "DriftReport": "result",
    "FeatureDrift": "result",
    "Kind": "result",
    "Method": "result",
    "NumericReference": "reference",
    "Reference": "reference",
    "build_reference": "reference",
    "category_key": "columns",
    "chi2_two_sample": "kernels",
    "compare": "report",
    "dataset_report": "report",
    "detect_drift": "report",
    "is_categorical_dtype": "reference",
    "jensenshannon": "kernels",
    "ks_2samp_sorted": "kernels",
    "psi": "kernels",
    "psi_bins": "reference",
    "resolve_columns": "report",
    "sort_values": "kernels",
    "sorted_quantiles": "kernels",
    "wasserstein_sorted": "kernels",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'pipelines.drift' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"pipelines.drift.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
