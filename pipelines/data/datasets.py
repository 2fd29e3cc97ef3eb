"""Data sources (bundled, CSV, Parquet, SQL), windowing, schema checks and lineage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from pipelines.config import DemoLiveSource, FeastSource, FileSource, ModelSpec, PredictionsSource, SklearnSource, Source, SqlSource
from pipelines.data.urls import sqlalchemy_url
from pipelines.data.window import Window
from pipelines.errors import DataError

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

MIN_TRAIN_ROWS = 10
SQL_WINDOW_MARGIN = timedelta(days=1)


class Lineage(BaseModel):
    """Where training or evaluation data came from, precisely enough to reproduce it."""

    source: str
    window: str
    start: datetime | None = None
    end: datetime | None = None
    rows: int
    sha256: str
    tags: dict[str, str] = {}  # source-specific lineage (Feast: views, registry digest); pydantic copies it


@dataclass
class Dataset:
    frame: pd.DataFrame
    features: list[str]
    target: str | None
    lineage: Lineage

    @property
    def X(self) -> pd.DataFrame:  # noqa: N802 - the ML convention
        return self.frame[self.features]

    @property
    def y(self) -> pd.Series:
        assert self.target is not None
        return self.frame[self.target]


def load(spec: ModelSpec, *, window: Window | None = None, live: bool = False, now: datetime | None = None,
         require_target: bool = True) -> Dataset:
    """Read the model's training (or live) source, cut the window, and check the schema."""
    source = spec.live if live else spec.source
    if source is None:
        raise DataError(f"Model {spec.name} has no live source configured: add [models.{spec.name}.live] to the config.")
    window = window or Window()
    now = now or datetime.now(UTC)
    start, end = window.resolve(now)
    narrow = FileColumns.of(spec, cut=not window.is_all, require_target=require_target)
    frame = read_frame(spec, window=window, live=live, now=now, narrow=narrow)
    features = _check_schema(frame, spec, require_target=require_target, default=frame.attrs.get("features"))
    target = spec.target if spec.target in frame.columns else None
    hashed = frame[features + ([target] if target else [])]
    tags = frame.attrs.get("lineage", {})  # a Feast source's feature references, view versions, registry digest
    return Dataset(frame=frame.reset_index(drop=True), features=features, target=target, lineage=Lineage(
        source=describe_source(source), window=window.describe(), start=start, end=end,
        rows=len(frame), sha256=content_hash(hashed), tags=tags,
    ))


def read_frame(spec: ModelSpec, *, window: Window | None = None, live: bool = False,
               now: datetime | None = None, narrow: FileColumns | None = None) -> pd.DataFrame:
    """The source's rows in the window as they are, before any schema check (the validation gate reads these).

    `narrow`: CSV and Parquet files give only the columns the model reads, so unused ones never take memory.
    """
    source = spec.live if live else spec.source
    if source is None:
        raise DataError(f"Model {spec.name} has no live source configured: add [models.{spec.name}.live] to the config.")
    window = window or Window()
    now = now or datetime.now(UTC)
    start, end = window.resolve(now)
    if isinstance(source, PredictionsSource):
        from pipelines.data.predictions import read_window

        return read_window(source, spec, window, start=start, end=end)  # the window is cut in SQL
    if isinstance(source, FeastSource):
        from pipelines.data import feature_store

        # Entity rows are read and cut like any file or SQL source (the model's `features` name Feast's columns).
        entity_spec = spec.model_copy(update={"features": None})
        entities = _cut(_read(source.entity_source, entity_spec, start=start, end=end, now=now), spec, window, start, end)
        return feature_store.training_frame(source, entities, timestamp=spec.timestamp or "")
    return _cut(_read(source, spec, start=start, end=end, now=now, narrow=narrow), spec, window, start, end)


class Freshness(BaseModel):
    """How much training data there is and how new it is: the new-data trigger compares two of these."""

    rows: int
    newest: datetime | None = None


def freshness(spec: ModelSpec) -> Freshness:
    import pandas as pd

    frame = read_frame(spec)
    newest = None
    if spec.timestamp and spec.timestamp in frame.columns and len(frame):
        stamp = pd.to_datetime(frame[spec.timestamp], utc=True, errors="coerce").max()
        newest = stamp.to_pydatetime() if pd.notna(stamp) else None
    return Freshness(rows=len(frame), newest=newest)


def holdout_mask(X: pd.DataFrame, *, test_size: float, random_state: int) -> np.ndarray:
    """A row's side (train or holdout) is a function of its content and the seed, not of its neighbours.

    So every retrain on any window keeps the same rows out, and comparing two versions on the holdout of any
    window never scores a model on rows it was fitted on. Each class is cut at the same rate (stratified in
    expectation); an exact per-window stratified split would move rows between sides as windows change.
    """
    import numpy as np
    import pandas as pd

    key = f"{random_state:016d}"[-16:]
    hashes = pd.util.hash_pandas_object(X, index=False, hash_key=key).to_numpy(dtype=np.uint64)
    return (hashes >> np.uint64(11)).astype(np.float64) / float(2**53) < test_size


def content_hash(frame: pd.DataFrame) -> str:
    import pandas as pd

    digest = hashlib.sha256(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    digest.update(",".join(map(str, frame.columns)).encode())
    return digest.hexdigest()


def describe_source(source: Source) -> str:
    if isinstance(source, SklearnSource | DemoLiveSource):
        return f"{source.kind}:{source.dataset}"
    if isinstance(source, FileSource):
        return f"{source.kind}:{source.path}"
    if isinstance(source, PredictionsSource):
        return f"predictions:{_redact(source.url or 'state')}"
    if isinstance(source, FeastSource):
        return f"feast:{source.repo} entities {describe_source(source.entity_source)}"
    return f"sql:{_redact(source.url)}"


def _read(source: Source, spec: ModelSpec, *, start: datetime | None, end: datetime | None, now: datetime,
          narrow: FileColumns | None = None) -> pd.DataFrame:

    if isinstance(source, SklearnSource):
        return _bundled(source, spec, now=now)
    if isinstance(source, DemoLiveSource):
        return _demo_live(source, spec, now=now)
    if isinstance(source, PredictionsSource):
        raise DataError(f"The prediction log of model {spec.name} is read through load(), not _read().")
    if isinstance(source, FileSource):
        path = Path(source.path).expanduser()
        if not path.is_file():
            raise DataError(f"Data file {path} for model {spec.name} does not exist.")
        try:
            if source.kind == "csv":
                return _csv(path, narrow)
            return _parquet(path, spec, start, end, narrow)
        except Exception as exc:  # any reader failure is a data problem the user must fix
            raise DataError(f"Could not read {path} for model {spec.name}: {exc}") from None
    return _sql(source, spec, start=start, end=end)


def _bundled(source: SklearnSource, spec: ModelSpec, *, now: datetime) -> pd.DataFrame:
    import numpy as np

    frame = _sklearn_frame(source.dataset)
    # A seeded shuffle spreads the rows over the last `days` so windows cut a fair sample of the dataset.
    order = np.random.default_rng(0).permutation(len(frame))
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    offsets = np.linspace(source.days * 86400.0, 0.0, num=len(frame), endpoint=False)
    frame[spec.timestamp or "event_time"] = [today - timedelta(seconds=float(s)) for s in offsets[order]]
    return frame


def _demo_live(source: DemoLiveSource, spec: ModelSpec, *, now: datetime) -> pd.DataFrame:
    """Traffic resampled from the dataset with a little noise; the most recent `shift_days` are shifted.

    The shift moves the first 60% of the numeric features by 0.8 standard deviations (labels unchanged), a
    stand-in for a new sensor calibration or population: dataset drift on recent windows, none on older ones.
    """
    import numpy as np

    base = _sklearn_frame(source.dataset)
    features = [c for c in base.columns if c != spec.target]
    rng = np.random.default_rng(1)
    n = source.days * source.rows_per_day
    frame = base.iloc[rng.integers(0, len(base), size=n)].reset_index(drop=True)
    std = base[features].std().to_numpy()
    values = frame[features].to_numpy(dtype=float) + rng.normal(0.0, 0.05, size=(n, len(features))) * std
    # Live traffic runs up to the present moment, so a short window (last=6h) holds rows at any hour.
    ages = np.sort(rng.uniform(0.0, source.days * 86400.0, size=n))[::-1]
    shifted = ages < source.shift_days * 86400.0
    moved = features[: max(1, round(len(features) * 0.6))]
    cols = [features.index(c) for c in moved]
    values[np.ix_(shifted, cols)] += 0.8 * std[cols]
    frame[features] = values
    frame[spec.timestamp or "event_time"] = [now - timedelta(seconds=float(a)) for a in ages]
    return frame


def _sklearn_frame(dataset: str) -> pd.DataFrame:
    from sklearn import datasets

    loader = getattr(datasets, f"load_{dataset}")
    bunch = loader(as_frame=True)
    frame = bunch.frame.copy()
    frame.columns = [str(c).replace(" ", "_") for c in frame.columns]
    return frame


def _sql(source: SqlSource, spec: ModelSpec, *, start: datetime | None, end: datetime | None) -> pd.DataFrame:
    import pandas as pd
    import sqlalchemy as sa

    query = source.query
    params: dict[str, object] = {}
    try:
        engine = sa.create_engine(sqlalchemy_url(source.url))
    except Exception as exc:  # a malformed URL or a missing driver is the user's to fix
        raise DataError(f"SQL source for model {spec.name} failed ({_redact(source.url)}): {str(exc).splitlines()[0]}") from None
    if spec.timestamp and (start or end):
        # Push the window into the database so a large table is never read whole. The bounds go in as UTC;
        # they are widened by a day because the database may read a naive bound in its session's time zone
        # (timestamptz columns), and `_cut` then keeps exactly [start, end) in UTC.
        column = f"q.{engine.dialect.identifier_preparer.quote_identifier(spec.timestamp)}"
        conditions = []
        if start:
            conditions.append(f"{column} >= :start")
            params["start"] = _naive_utc(start) - SQL_WINDOW_MARGIN
        if end:
            conditions.append(f"{column} < :end")
            params["end"] = _naive_utc(end) + SQL_WINDOW_MARGIN
        query = f"SELECT {_select_list(engine, spec)} FROM ({source.query}) AS q WHERE {' AND '.join(conditions)}"
    elif needed_columns(spec):
        query = f"SELECT {_select_list(engine, spec)} FROM ({source.query}) AS q"
    try:
        with engine.connect() as conn:
            # Typed bounds: SQLAlchemy renders them itself, so a process-wide sqlite3 datetime adapter (feast's
            # SQLite online store registers one that writes epoch seconds) cannot change what the window selects.
            typed = sa.text(query).bindparams(*(sa.bindparam(k, type_=sa.DateTime()) for k in params))
            return pd.read_sql(typed, conn, params=params)
    except Exception as exc:  # connection and SQL errors are the user's to fix, with the cause named
        raise DataError(f"SQL source for model {spec.name} failed ({_redact(source.url)}): {str(exc).splitlines()[0]}") from None
    finally:
        engine.dispose()


def needed_columns(spec: ModelSpec) -> list[str] | None:
    """The columns a model reads when its features are listed (features, target, timestamp); None means all."""
    if not spec.features:
        return None
    return list(dict.fromkeys([*spec.features, spec.target, *([spec.timestamp] if spec.timestamp else [])]))


def _select_list(engine: Any, spec: ModelSpec) -> str:
    # Only the columns the model uses leave the database: a wide table costs what the model reads.
    columns = needed_columns(spec)
    if columns is None:
        return "*"
    quote = engine.dialect.identifier_preparer.quote_identifier
    return ", ".join(f"q.{quote(c)}" for c in columns)


@dataclass(frozen=True)
class FileColumns:
    """Which of a file's columns the model reads: its features (all but target and timestamp when none are
    listed), the target, and the timestamp only when a window is cut from it."""

    listed: tuple[str, ...] | None  # None: every column (but a skipped timestamp)
    skip: str | None  # the timestamp, when no window is cut from it
    required: frozenset[str]  # one missing: read all, so _check_schema names it beside what the file has

    @classmethod
    def of(cls, spec: ModelSpec, *, cut: bool, require_target: bool) -> FileColumns:
        listed = needed_columns(spec)
        return cls(listed=None if listed is None else tuple(listed), skip=None if cut else spec.timestamp,
                   required=frozenset([*(spec.features or []), *([spec.target] if require_target else [])]))

    def choose(self, names: list[str]) -> list[str] | None:
        """The columns to read, or None for all."""
        columns = [c for c in (names if self.listed is None else self.listed) if c in names and c != self.skip]
        return columns if self.required <= set(columns) else None


def _csv(path: Path, narrow: FileColumns | None) -> pd.DataFrame:
    import pandas as pd

    # The parser and dtypes of a plain read_csv (so the same float values and the same fits), fewer columns:
    # at 1M rows x 20 features the unused timestamp column alone raised the reader's peak by ~200 MiB.
    columns = narrow.choose(list(pd.read_csv(path, nrows=0).columns)) if narrow else None
    return pd.read_csv(path, usecols=None if columns is None else frozenset(columns).__contains__)


def _parquet(path: Path, spec: ModelSpec, start: datetime | None, end: datetime | None,
             narrow: FileColumns | None) -> pd.DataFrame:
    """Only the model's columns, and only row groups that can hold the window (`_cut` keeps it exact)."""
    import pandas as pd
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    wanted = needed_columns(spec)
    if narrow is not None:
        columns = narrow.choose(list(schema.names))
    else:  # the validation gate: the model's listed columns, all when none are listed
        columns = [c for c in wanted if c in schema.names] if wanted else None  # a missing one: _check_schema
    return pd.read_parquet(path, columns=columns, filters=_parquet_window(schema, spec, start, end))


def _parquet_window(schema: Any, spec: ModelSpec, start: datetime | None,
                    end: datetime | None) -> list[tuple[str, str, Any]] | None:
    if not spec.timestamp or not (start or end):
        return None
    import pyarrow as pa

    if spec.timestamp not in schema.names or not pa.types.is_timestamp(schema.field(spec.timestamp).type):
        return None
    aware = schema.field(spec.timestamp).type.tz is not None

    def bound(moment: datetime) -> datetime:
        return moment.astimezone(UTC) if aware else _naive_utc(moment)

    filters: list[tuple[str, str, Any]] = []
    if start:
        filters.append((spec.timestamp, ">=", bound(start)))
    if end:
        filters.append((spec.timestamp, "<", bound(end)))
    return filters


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _cut(frame: pd.DataFrame, spec: ModelSpec, window: Window, start: datetime | None, end: datetime | None) -> pd.DataFrame:
    import pandas as pd

    if window.is_all:
        return frame
    if not spec.timestamp:
        raise DataError(f"Model {spec.name} has no timestamp column configured, so windows (last=, since=, until=) cannot apply.")
    if spec.timestamp not in frame.columns:
        raise DataError(f"Timestamp column '{spec.timestamp}' is missing from the data of model {spec.name}.")
    stamps = pd.to_datetime(frame[spec.timestamp], utc=True, errors="coerce")
    keep = stamps.notna()
    if start is not None:
        keep &= stamps >= start
    if end is not None:
        keep &= stamps < end
    cut = frame[keep.to_numpy()]
    if cut.empty:
        newest = stamps.max()
        seen = f" The newest row is from {newest:%Y-%m-%d %H:%M}." if pd.notna(newest) else ""
        raise DataError(f"No rows of model {spec.name} fall in the window {window.describe()}.{seen}")
    return cut


def _check_schema(frame: pd.DataFrame, spec: ModelSpec, *, require_target: bool,
                  default: list[str] | None = None) -> list[str]:
    import pandas as pd

    if frame.empty:
        raise DataError(f"The data of model {spec.name} has no rows.")
    missing = []
    if require_target and spec.target not in frame.columns:
        missing.append(spec.target)
    features = spec.features or default or [c for c in frame.columns if c not in (spec.target, spec.timestamp)]
    missing += [c for c in features if c not in frame.columns]
    if missing:
        raise DataError(
            f"The data of model {spec.name} lacks column(s) {', '.join(missing)}; it has {', '.join(map(str, frame.columns[:20]))}."
        )
    not_numeric = [c for c in features if not pd.api.types.is_numeric_dtype(frame[c])]
    if not_numeric:
        raise DataError(f"Feature(s) {', '.join(not_numeric)} of model {spec.name} are not numeric; encode them in the source query.")
    return list(features)


def _redact(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL still must not leak a password into a message
        return url.split("@")[-1]
