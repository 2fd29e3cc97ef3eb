"""The data validation gate: a batch is trained on only if it looks like the data production was trained on.

Checked against production's training profile: schema (every profiled column present, numeric stays numeric),
value ranges (a share of values far outside the training range), category sets (values never seen in
training) and missing-rate spikes. Each failed rule is said plainly so an incident can show what failed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel

if TYPE_CHECKING:
    import pandas as pd

    from pipelines.config import ModelSpec
    from pipelines.drift.profile import ReferenceProfile
    from pipelines.registry import Registry

# Beyond the training min/max by this many training standard deviations counts as out of range.
RANGE_MARGIN_STD = 3.0
MAX_OUT_OF_RANGE = 0.01  # share of a column's values allowed out of range
MAX_UNSEEN = 0.05  # share of a categorical column's values never seen in training
MAX_MISSING_RISE = 0.10  # missing rate may rise by at most this much over training's


class ValidationReport(BaseModel):
    rows: int
    columns_checked: int
    problems: list[str]

    @property
    def passed(self) -> bool:
        return not self.problems


def validate_batch(profile: ReferenceProfile, frame: pd.DataFrame) -> ValidationReport:
    import numpy as np
    import pandas as pd

    problems: list[str] = []
    missing = [c for c in profile.features if c not in frame.columns]
    if missing:
        problems.append(f"column(s) missing: {', '.join(missing)}")
    checked = 0
    for column, feature in profile.features.items():
        if column not in frame.columns:
            continue
        checked += 1
        series = frame[column]
        missing_rate = float(series.isna().mean()) if len(series) else 0.0
        if missing_rate > feature.missing_rate + MAX_MISSING_RISE:
            problems.append(f"{column}: {missing_rate:.0%} missing (training had {feature.missing_rate:.0%})")
        if feature.kind == "numeric":
            if not pd.api.types.is_numeric_dtype(series):
                problems.append(f"{column}: expected numbers, found {series.dtype}")
                continue
            values = series.to_numpy(dtype=float)
            values = values[np.isfinite(values)]
            if not len(values) or not feature.quantiles:
                continue
            low, high = feature.quantiles[0], feature.quantiles[-1]
            margin = RANGE_MARGIN_STD * (feature.std or abs(high - low) or 1.0)
            outside = float(np.mean((values < low - margin) | (values > high + margin)))
            if outside > MAX_OUT_OF_RANGE:
                problems.append(f"{column}: {outside:.0%} of values outside the training range "
                                f"[{low:.4g}, {high:.4g}] (± {RANGE_MARGIN_STD:g} std)")
        else:
            keys = series.dropna().astype(str)
            if feature.numeric_keys:
                from pipelines.drift import category_key

                keys = series.dropna().map(lambda v: category_key(v) if _number(v) else str(v))
            if len(keys):
                unseen = float((~keys.isin(set(feature.counts))).mean())
                if unseen > MAX_UNSEEN:
                    problems.append(f"{column}: {unseen:.0%} of values are categories never seen in training")
    return ValidationReport(rows=len(frame), columns_checked=checked, problems=problems)


def _number(value: object) -> bool:
    try:
        float(value)  # type: ignore[arg-type]
        return True
    except (TypeError, ValueError):
        return False


def production_profile(spec: ModelSpec, registry: Registry) -> ReferenceProfile:
    """The training profile of the model's production version: what a new batch must resemble."""
    from pipelines.drift.profile import ReferenceProfile
    from pipelines.errors import DataError, UnknownVersion
    from pipelines.registry import PRODUCTION
    from pipelines.train import PROFILE_ARTIFACT

    name = spec.name
    version = registry.alias_version(name, PRODUCTION)
    if version is None:
        raise UnknownVersion(f"Model {name} has no production version to validate data against. Deploy one first.")
    run_id = registry.resolve(name, str(version)).run_id
    raw = registry.download_json(run_id, PROFILE_ARTIFACT) if run_id else None
    if raw is None:
        raise DataError(f"Production v{version} of {name} has no training profile to validate against; retrain and deploy.")
    return ReferenceProfile.model_validate(raw)
