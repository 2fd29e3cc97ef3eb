"""Drift checks on live windows too big for one worker: the Parquet source as a Dask DataFrame, counted per partition.

Only the model's columns and the window's row groups are read (push-down), the window is cut exactly per
partition, features and predictions are tested by `drift_dask` (counts merged), and the primary metric is
computed from the collected labels and predictions (a few numbers a row). No chart: it would need the rows.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines import metrics
from pipelines.config import FileSource, ModelSpec
from pipelines.data import datasets
from pipelines.data.datasets import Lineage, describe_source
from pipelines.data.window import Window
from pipelines.errors import DataError
from pipelines.monitor.result import DriftCheck, Performance
from pipelines.registry import Registry

if TYPE_CHECKING:
    import pandas as pd

    from pipelines.drift.profile import ReferenceProfile


def supports(spec: ModelSpec) -> bool:
    """A live Parquet source can be read by partitions; others are read whole by the in-memory engine."""
    return isinstance(spec.live, FileSource) and spec.live.kind == "parquet"


def load_dask(spec: ModelSpec, *, window: Window, now: datetime | None = None) -> tuple[Any, Lineage]:
    import dask.dataframe as dd
    import pyarrow.parquet as pq

    source = spec.live
    assert isinstance(source, FileSource)
    path = Path(source.path).expanduser()
    if not path.exists():
        raise DataError(f"Data file {path} for model {spec.name} does not exist.")
    start, end = window.resolve(now or datetime.now(UTC))
    schema = pq.read_schema(path) if path.is_file() else None
    wanted = datasets.needed_columns(spec)
    columns = [c for c in wanted if schema is None or c in schema.names] if wanted else None
    filters = datasets._parquet_window(schema, spec, start, end) if schema is not None else None
    frame = dd.read_parquet(str(path), columns=columns, filters=filters)
    if not window.is_all:
        if not spec.timestamp or spec.timestamp not in frame.columns:
            raise DataError(f"Model {spec.name} has no timestamp column in its live data, so windows cannot apply.")
        frame = frame.map_partitions(_in_window, spec.timestamp, start, end, meta=frame._meta)
    rows, digests = _count_and_hash(frame)
    if rows == 0:
        raise DataError(f"No rows of model {spec.name} fall in the window {window.describe()}.")
    lineage = Lineage(source=describe_source(source), window=window.describe(), start=start, end=end, rows=rows,
                      sha256=hashlib.sha256("".join(digests).encode()).hexdigest())
    return frame, lineage


def check_dask(spec: ModelSpec, registry: Registry, *, profile: ReferenceProfile, prediction_profile: Any,
               run_id: str, version: int, window: Window) -> DriftCheck:
    from pipelines import scoring
    from pipelines.drift.partitioned import detect_drift_dask
    frame, lineage = load_dask(spec, window=window)
    features = [f for f in profile.features if f in frame.columns]
    report = detect_drift_dask(profile, frame[features], config=spec.drift)
    result = DriftCheck(model=spec.name, version=version, window=window.describe(), lineage=lineage, report=report)
    if not report.enough_data:
        return result
    fitted = scoring.load_version(registry, spec.name, version)
    labelled = spec.target in frame.columns
    width = 0 if spec.task == "regression" else max(int(max(getattr(fitted, "classes_", [1]))) + 1, 2)
    scored = frame.map_partitions(_score, fitted, spec, features, labelled, width,
                                  meta=_score_meta(labelled, width))
    if prediction_profile is not None:
        drift = detect_drift_dask(prediction_profile, scored[["prediction"]], config=spec.drift)
        result.prediction = drift.features[0] if drift.features else None
    recorded = registry.run(run_id).data.metrics.get(spec.primary_metric)
    if labelled and recorded is not None:
        collected = scored.compute()
        if collected["y"].notna().all():
            scores = collected[[f"p{j}" for j in range(width)]].to_numpy() if width else None
            now = metrics.compute_one(spec.task, spec.primary_metric, collected["y"].to_numpy(),
                                      collected["prediction"].to_numpy(), scores)
            result.performance = Performance.judge(spec, now=now, at_training=recorded, rows=len(collected))
    return result


def _in_window(part: pd.DataFrame, column: str, start: datetime | None, end: datetime | None) -> pd.DataFrame:
    import pandas as pd

    stamps = pd.to_datetime(part[column], utc=True, errors="coerce")
    keep = stamps.notna()
    if start is not None:
        keep &= stamps >= start
    if end is not None:
        keep &= stamps < end
    return part[keep.to_numpy()]


def _count_and_hash(frame: Any) -> tuple[int, list[str]]:
    import dask

    def one(part: pd.DataFrame) -> tuple[int, str]:
        return len(part), datasets.content_hash(part)

    results = dask.compute(*[dask.delayed(one)(p) for p in frame.to_delayed()])
    return sum(n for n, _ in results), [h for _, h in results]


def _score(part: pd.DataFrame, fitted: Any, spec: ModelSpec, features: list[str], labelled: bool,
           width: int) -> pd.DataFrame:
    import pandas as pd

    from pipelines import scoring

    out = pd.DataFrame(index=part.index)
    if len(part) == 0:
        return _score_meta(labelled, width)
    scored = scoring.predict(fitted, spec, part[features], part[spec.target] if labelled else None)
    out["prediction"] = scored.y_pred.astype(float)
    if labelled:
        out["y"] = part[spec.target].to_numpy()
    for j in range(width):
        out[f"p{j}"] = scored.scores[:, j] if scored.scores is not None and j < scored.scores.shape[1] else 0.0
    return out


def _score_meta(labelled: bool, width: int) -> pd.DataFrame:
    import pandas as pd

    columns = ["prediction"] + (["y"] if labelled else []) + [f"p{j}" for j in range(width)]
    return pd.DataFrame({c: pd.Series(dtype=float) for c in columns})
