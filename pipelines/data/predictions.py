"""`live = { kind = "predictions" }`: the prediction log as a data window, labels joined where they arrived."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pipelines.config import ModelSpec, PredictionsSource
from pipelines.data.window import Window
from pipelines.errors import DataError

if TYPE_CHECKING:
    import pandas as pd


def read_window(source: PredictionsSource, spec: ModelSpec, window: Window, *, start: datetime | None,
                end: datetime | None) -> pd.DataFrame:
    """Features, the label (as the model's target) and the time of every answered row in the window."""
    from pipelines.data import prediction_log

    if source.url is None:
        raise DataError(f"The prediction log of model {spec.name} has no database URL; set live.url in the config.")
    timestamp = spec.timestamp or "event_time"
    frame = prediction_log.read(source.url, spec.name, start=start, end=end, timestamp=timestamp, target=spec.target)
    if frame.empty:
        raise DataError(f"No predictions of model {spec.name} were logged in the window {window.describe()}. "
                        "Is the prediction service (mlops-bot predict-server) answering its traffic?")
    features = spec.features or [c for c in frame.columns if c not in prediction_log.LOG_COLUMNS
                                 and c not in (spec.target, timestamp)]
    return frame[[*features, spec.target, *([timestamp] if spec.timestamp else [])]]
