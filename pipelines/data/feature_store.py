"""A Feast feature repository as a data source: point-in-time joins for training, the online store for serving.

Training reads entity rows (keys, event time, label) from the source's `entity_source`, and Feast's
`get_historical_features` joins each row with the newest feature values at or before its event time, so a value
from after a row's time never reaches training. Serving reads the same features from the online store by entity
key. Feast is imported here only, inside the functions: nothing loads it unless a Feast source is used.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from pipelines.config import FeastSource
from pipelines.errors import DataError

if TYPE_CHECKING:
    import pandas as pd

FEAST_TIMESTAMP = "event_timestamp"  # the entity frame's time column, as Feast's joins name it
_ROW = "_mlops_row"  # the entity row's position, so the joined frame keeps the entity source's order


class MissingEntity(DataError):
    """The online store holds no value for a requested entity key."""


class StaleFeature(DataError):
    """An online feature value is older than the source's `max_age`."""


def open_store(repo: str) -> Any:
    """A FeatureStore on the repository; a missing folder or feature_store.yaml is the user's to fix."""
    path = Path(repo).expanduser()
    if not (path / "feature_store.yaml").is_file():
        raise DataError(f"Feast repository {repo} has no feature_store.yaml; `repo` must name the feature repository.")
    from feast import FeatureStore

    try:
        return FeatureStore(repo_path=str(path))
    except Exception as exc:  # an invalid feature_store.yaml is a config problem, named with Feast's first line
        raise DataError(f"Feast repository {repo} could not be opened: {_first_line(exc)}") from None


@lru_cache(maxsize=8)
def serving_store(repo: str) -> Any:
    """One store per repository for the prediction service: its registry cache keeps lookups off the disk."""
    return open_store(repo)


def features_of(store: Any, source: FeastSource) -> tuple[Any, list[str], list[str]]:
    """(what get_*_features takes, the feature column names, the feature views read)."""
    try:
        if source.feature_service:
            service = store.get_feature_service(source.feature_service)
            projections = service.feature_view_projections
            return (
                service,
                [f.name for p in projections for f in p.features],
                list(dict.fromkeys(p.name for p in projections)),
            )
        views = list(dict.fromkeys(ref.split(":")[0] for ref in source.features))
        for view in views:
            store.get_feature_view(view)
        return list(source.features), [ref.split(":")[1] for ref in source.features], views
    except DataError:
        raise
    except Exception as exc:  # an unknown view or service: say which, from Feast's own message
        raise DataError(f"Feast repository {source.repo}: {_first_line(exc)}") from None


def join_keys(store: Any, views: list[str]) -> list[str]:
    """The entity key columns the views are looked up by."""
    keys: list[str] = []
    for view in views:
        keys += [c.name for c in store.get_feature_view(view).entity_columns]
    return list(dict.fromkeys(keys))


def training_frame(source: FeastSource, entities: pd.DataFrame, *, timestamp: str) -> pd.DataFrame:
    """The entity rows with their features; `attrs` name the feature columns and carry the lineage tags."""
    frame, names = historical(source, entities, timestamp=timestamp)
    frame.attrs["features"] = names
    frame.attrs["lineage"] = lineage_tags(source)
    return frame


def historical(source: FeastSource, entities: pd.DataFrame, *, timestamp: str) -> tuple[pd.DataFrame, list[str]]:
    """The entity rows with their features joined point-in-time: (frame, feature names)."""
    import pandas as pd

    store = open_store(source.repo)
    wanted, names, views = features_of(store, source)
    keys = join_keys(store, views)
    missing = [c for c in [*keys, timestamp] if c not in entities.columns]
    if missing:
        raise DataError(
            f"The entity rows of Feast source {source.repo} lack column(s) {', '.join(missing)}; "
            f"they have {', '.join(map(str, entities.columns[:20]))}."
        )
    frame = entities.drop(columns=[c for c in names if c in entities.columns]).reset_index(drop=True)
    stamps = pd.to_datetime(frame[timestamp], utc=True, errors="coerce").astype("datetime64[ns, UTC]")
    # Feast is asked once per (keys, time): its file store keeps one of several equal rows and drops a row that
    # precedes every value of its key, so the answer is joined back onto every entity row here. A row with no
    # value at or before its time gets a missing value (the pipeline imputes it), never a later one.
    lookup = frame[keys].assign(**{FEAST_TIMESTAMP: stamps}).drop_duplicates().reset_index(drop=True)
    try:
        joined = store.get_historical_features(entity_df=lookup, features=wanted).to_df()
    except Exception as exc:  # offline store unreadable, types that do not join: Feast's first line, not a trace
        raise DataError(f"Feast could not join features for {source.repo}: {_first_line(exc)}") from None
    joined[FEAST_TIMESTAMP] = pd.to_datetime(joined[FEAST_TIMESTAMP], utc=True).astype("datetime64[ns, UTC]")
    for key in keys:
        joined[key] = joined[key].astype(lookup[key].dtype)
    frame[_ROW] = stamps
    answer = joined[[*keys, FEAST_TIMESTAMP, *names]].rename(columns={FEAST_TIMESTAMP: _ROW})
    out = frame.merge(answer, how="left", on=[*keys, _ROW], validate="many_to_one")
    return out.drop(columns=[_ROW]), names


def lineage_tags(source: FeastSource) -> dict[str, str]:
    """What a training read: the feature references, each view's version and update time, the registry's digest."""
    store = open_store(source.repo)
    wanted, names, views = features_of(store, source)
    described = {}
    for view in views:
        fv = store.get_feature_view(view)
        updated = fv.last_updated_timestamp
        described[view] = {
            "version": fv.current_version_number if fv.current_version_number is not None else fv.version,
            "updated": updated.isoformat() if updated else None,
            "spec_sha256": hashlib.sha256(fv.to_proto().spec.SerializeToString(deterministic=True)).hexdigest()[:16],
        }
    registry = store.registry.proto().SerializeToString(deterministic=True)
    refs = f"service:{source.feature_service}" if source.feature_service else ",".join(source.features)
    return {
        "mlops.feast.project": str(store.project),
        "mlops.feast.features": refs,
        "mlops.feast.views": json.dumps(described, sort_keys=True),
        "mlops.feast.registry_sha256": hashlib.sha256(registry).hexdigest(),
    }


@dataclass
class Online:
    """Feature values read from the online store for some entity rows, in the model's feature order."""

    frame: pd.DataFrame  # one column per feature
    entities: list[dict[str, Any]]  # each row's entity keys, for the prediction log
    ages: dict[str, float]  # the oldest value's age per feature, seconds


def online(source: FeastSource, entities: dict[str, list[Any]], *, now: datetime | None = None) -> Online:
    """The features of each entity row from the online store; a missing key or a stale value is refused."""
    import pandas as pd

    from pipelines.data.window import parse_duration

    store = serving_store(source.repo)
    wanted, names, views = features_of(store, source)
    keys = join_keys(store, views)
    if sorted(entities) != sorted(keys):
        raise DataError(
            f"entities must give exactly the key(s) {', '.join(keys)}; got {', '.join(entities) or 'none'}."
        )
    lengths = {len(v) for v in entities.values()}
    if len(lengths) != 1:
        raise DataError("entities: every key must hold the same number of values (one per row).")
    rows = [dict(zip(keys, values, strict=True)) for values in zip(*(entities[k] for k in keys), strict=True)]
    read = store.get_online_features(features=wanted, entity_rows=rows).to_dict(include_event_timestamps=True)
    now = now or datetime.now(UTC)
    limit = parse_duration(source.max_age, option="max_age") if source.max_age else None
    ages: dict[str, float] = {}
    for name in names:
        for i, (value, stamp) in enumerate(zip(read[name], read[f"{name}__ts"], strict=True)):
            if value is None:
                raise MissingEntity(
                    f"The online store has no {name} for {_show(rows[i])}; materialize the model or check the key."
                )
            age = (now - _moment(stamp)).total_seconds()
            if limit is not None and age > limit.total_seconds():
                raise StaleFeature(
                    f"Feature {name} for {_show(rows[i])} is {_age(age)} old; the limit is "
                    f"{source.max_age}. Materialize the model to refresh the online store."
                )
            ages[name] = max(ages.get(name, 0.0), age)
    return Online(frame=pd.DataFrame({name: read[name] for name in names}), entities=rows, ages=ages)


class Materialized(BaseModel):
    repo: str
    views: list[str]
    end: datetime


def materialize(source: FeastSource, *, end: datetime | None = None) -> Materialized:
    """Load the offline values up to `end` into the online store, each view from where it last stopped."""
    store = open_store(source.repo)
    _, _, views = features_of(store, source)
    end = end or datetime.now(UTC)
    try:
        store.materialize_incremental(end_date=end, feature_views=views)
    except Exception as exc:  # the offline or online store unreachable: Feast's first line
        raise DataError(f"Feast could not materialize {source.repo}: {_first_line(exc)}") from None
    return Materialized(repo=source.repo, views=views, end=end)


def _moment(stamp: Any) -> datetime:
    if isinstance(stamp, datetime):
        return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)
    return datetime.fromtimestamp(float(stamp or 0), UTC)


def _age(seconds: float) -> str:
    span = timedelta(seconds=int(seconds))
    return (
        f"{span.days}d {span.seconds // 3600}h"
        if span.days
        else f"{span.seconds // 3600}h {span.seconds % 3600 // 60}m"
    )


def _show(keys: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in keys.items())[:120]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]
