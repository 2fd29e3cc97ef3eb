"""The prediction log: every served row, its prediction, version, arm and latency, and its label when it arrives.

The table lives here (not in bot/) because it is both written by the prediction service and read as a data source
(`live = { kind = "predictions" }`); the state store copies it into its metadata so it is created and migrated
with the other state tables (tools/state/migrations). The database URL is always passed in.
"""

from __future__ import annotations

import json
import logging
import math
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from pipelines.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

log_metadata = sa.MetaData()

predictions_table = sa.Table(
    "prediction_log", log_metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("request_id", sa.String(32), nullable=False),
    sa.Column("row", sa.Integer, nullable=False),  # position of the row in its request
    sa.Column("model", sa.String(64), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("arm", sa.String(16), nullable=False),  # production | challenger | shadow
    sa.Column("test_id", sa.String(32)),  # the online test the request was routed by, if any
    sa.Column("key", sa.String(128)),  # the caller's routing key (sticky A/B assignment)
    sa.Column("features", sa.Text, nullable=False),  # JSON object column -> value
    sa.Column("prediction", sa.Text, nullable=False),  # JSON scalar
    sa.Column("proba", sa.Text),  # JSON list, index = class label id, classifiers only
    sa.Column("latency_ms", sa.Float, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("label", sa.Text),  # JSON scalar, joined later through /feedback
    sa.Column("labelled_at", sa.DateTime(timezone=True)),
    sa.Index("ix_prediction_log_model_at", "model", "at"),
    sa.Index("ix_prediction_log_request", "request_id"),
)


log = logging.getLogger("mlops.prediction_log")

# Columns read() adds beside the features and the label.
LOG_COLUMNS = ("request_id", "row", "version", "arm", "test_id", "key", "prediction", "proba", "latency_ms",
               "entities")
# The entity keys a row's features were read by (Feast), kept inside the features object: no schema change.
ENTITIES_FIELD = "_entities"


def read(url: str, model: str, *, start: datetime | None = None, end: datetime | None = None,
         arms: tuple[str, ...] = ("production", "challenger"), timestamp: str = "event_time",
         target: str = "target", engine: sa.Engine | None = None) -> pd.DataFrame:
    """The logged rows of `model` in [start, end) as a frame: features as columns, the label as `target`.

    Shadow rows are left out by default: they were never answered, so they are not what production saw.
    Extra columns: request_id, row, version, arm, test_id, key, prediction, proba, latency_ms.
    """
    import pandas as pd

    t = predictions_table
    query = sa.select(t.c.request_id, t.c.row, t.c.version, t.c.arm, t.c.test_id, t.c.key, t.c.features,
                      t.c.prediction, t.c.proba, t.c.latency_ms, t.c.at, t.c.label).where(t.c.model == model)
    if arms:
        query = query.where(t.c.arm.in_(arms))
    if start is not None:
        query = query.where(t.c.at >= _aware(start))
    if end is not None:
        query = query.where(t.c.at < _aware(end))
    own = engine is None
    if engine is None:
        from pipelines.data.urls import sqlalchemy_url

        engine = sa.create_engine(sqlalchemy_url(url))
    try:
        with engine.connect() as conn:
            rows = conn.execute(query.order_by(t.c.id)).all()
    except sa.exc.OperationalError as exc:
        raise DataError(f"The prediction log of model {model} could not be read: {str(exc.orig).splitlines()[0]}. "
                        "Has the prediction service run against this database?") from None
    finally:
        if own:
            engine.dispose()
    if not rows:
        return pd.DataFrame(columns=["request_id", timestamp, target])
    objects = [json.loads(r.features) for r in rows]
    entities = [o.pop(ENTITIES_FIELD, None) for o in objects]
    features = pd.DataFrame.from_records(objects)
    frame = pd.DataFrame({
        "request_id": [r.request_id for r in rows], "row": [r.row for r in rows],
        "version": [r.version for r in rows], "arm": [r.arm for r in rows], "test_id": [r.test_id for r in rows],
        "key": [r.key for r in rows], "prediction": [json.loads(r.prediction) for r in rows],
        "proba": [json.loads(r.proba) if r.proba else None for r in rows],
        "latency_ms": [r.latency_ms for r in rows], "entities": entities,
        timestamp: pd.to_datetime([_aware(r.at) for r in rows], utc=True),
        target: [_label(r.label) for r in rows],
    })
    skipped = sum(r.label is not None for r in rows) - int(frame[target].notna().sum())
    if skipped:  # written by an earlier version that did not check labels: one bad row must not fail the window
        log.warning("prediction log of %s: skipped %d stored labels that are not a class or a finite number",
                    model, skipped)
    _share_labels(frame, target)
    try:
        frame[target] = pd.to_numeric(frame[target])
    except (TypeError, ValueError):
        pass  # text labels stay text
    out = pd.concat([features, frame], axis=1)
    out.attrs["skipped_labels"] = skipped
    return out


def _label(stored: str | None) -> Any:
    """A stored label as a usable scalar, or None: objects, lists, booleans-as-objects and non-finite numbers are
    not labels."""
    if stored is None:
        return None
    try:
        value = json.loads(stored)
    except ValueError:
        return None
    if isinstance(value, bool) or isinstance(value, str) or value is None:
        return value
    if isinstance(value, int | float) and math.isfinite(value):
        return value
    return None


def _share_labels(frame: pd.DataFrame, target: str) -> None:
    """A label belongs to the request, not the arm: a shadow row written after its feedback still gets it."""
    known = frame[target].notna()
    if known.all() or not known.any():
        return
    keys = frame["request_id"] + ":" + frame["row"].astype(str)
    labels = dict(zip(keys[known], frame.loc[known, target], strict=True))
    frame[target] = frame[target].where(known, keys.map(labels))


def _aware(value: datetime) -> datetime:
    # Everything is written in UTC; SQLite hands back naive values, PostgreSQL aware ones.
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
