"""Training/serving skew: for recent served rows, the online feature values against Feast's offline values for the
same entity at the same moment, per feature. A mismatch means serving and training compute a feature differently
(a materialisation bug, a stale online store, a write that bypassed the offline store)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from pipelines.config import FeastSource, ModelSpec
from pipelines.errors import DataError

if TYPE_CHECKING:
    import pandas as pd


class FeatureSkew(BaseModel):
    feature: str
    compared: int
    mismatched: int
    rate: float
    example: str | None = None  # one mismatch: the entity, the served and the offline value


class SkewReport(BaseModel):
    model: str
    rows: int  # served rows compared (the most recent ones in the window, up to the sample size)
    features: list[FeatureSkew]


def check(
    spec: ModelSpec, *, log_url: str, start: datetime | None, end: datetime | None, sample: int, tolerance: float = 1e-6
) -> SkewReport:
    """Compare the `sample` most recent rows the prediction service served from the online store in [start, end)."""
    from pipelines.data import prediction_log

    source = spec.source
    if not isinstance(source, FeastSource):
        raise DataError(f"Model {spec.name} does not read its features from Feast, so it has no online/offline skew.")
    frame = prediction_log.read(
        log_url,
        spec.name,
        start=start,
        end=end,
        timestamp="at",
        target="_label",
        arms=("production", "challenger", "shadow"),
    )
    if not frame.empty:
        frame = frame[frame["entities"].notna()]
    if frame.empty:
        raise DataError(
            f"No request of model {spec.name} was served from entity keys in this window: the skew "
            'check compares what predict-server read from the online store ({"entities": …}).'
        )
    frame = frame.tail(sample).reset_index(drop=True)
    features = compare(source, _served(frame), tolerance=tolerance)
    return SkewReport(model=spec.name, rows=len(frame), features=features)


def compare(source: FeastSource, served: pd.DataFrame, *, tolerance: float = 1e-6) -> list[FeatureSkew]:
    """Per feature, the share of rows whose served value differs from the offline value (both missing: equal).

    `served`: the entity keys, `at` (when it was served) and one column per served feature.
    """
    import numpy as np
    import pandas as pd

    from pipelines.data import feature_store

    store = feature_store.open_store(source.repo)
    _, names, views = feature_store.features_of(store, source)
    keys = feature_store.join_keys(store, views)
    missing = [k for k in keys if k not in served.columns]
    if missing:
        raise DataError(f"The logged requests lack the entity key(s) {', '.join(missing)} of {source.repo}.")
    entities = served[keys].assign(event_time=pd.to_datetime(served["at"], utc=True))
    offline, _ = feature_store.historical(source, entities, timestamp="event_time")
    out = []
    for name in names:
        column = served[name] if name in served.columns else pd.Series(np.nan, index=served.index)
        online_values = pd.to_numeric(column, errors="coerce").to_numpy(dtype=float)
        offline_values = pd.to_numeric(offline[name], errors="coerce").to_numpy(dtype=float)
        same = np.isclose(online_values, offline_values, rtol=tolerance, atol=tolerance)
        differ = ~(same | (np.isnan(online_values) & np.isnan(offline_values)))
        example = None
        if differ.any():
            i = int(np.argmax(differ))
            shown = ", ".join(f"{k}={entities.iloc[i][k]}" for k in keys)
            example = (
                f"{shown} at {entities.iloc[i]['event_time']:%Y-%m-%d %H:%M:%S}: served "
                f"{online_values[i]:g}, offline {offline_values[i]:g}"
            )
        out.append(
            FeatureSkew(
                feature=name,
                compared=len(differ),
                mismatched=int(differ.sum()),
                rate=float(differ.mean()) if len(differ) else 0.0,
                example=example,
            )
        )
    return out


def _served(frame: pd.DataFrame) -> pd.DataFrame:
    """The log's rows with their entity keys as columns."""
    import pandas as pd

    keys = pd.DataFrame.from_records(list(frame["entities"]))
    return pd.concat([keys, frame.drop(columns=[c for c in keys.columns if c in frame.columns])], axis=1)
