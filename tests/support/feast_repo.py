"""A real Feast feature repository in a folder: local provider, file offline store, SQLite online store.

`make_repo(folder, now=…)` writes feature_store.yaml, the feature values (parquet) and the entity rows (CSV), and
applies the entity and the feature view through Feast's Python API (what `feast apply` does). Feature values
change every day at midnight and encode that day, so a test can tell which day's value a row received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

DRIVERS = list(range(1001, 1013))
DAYS = 12


@dataclass
class Repo:
    path: Path
    entities_csv: Path
    values: Any  # the feature rows as written (driver_id, event_timestamp, conv_rate, acc_rate)
    entities: Any  # the entity rows as written (driver_id, event_time, label)
    start: datetime  # the first feature day

    def toml(self, *, model: str = "drivers", max_age: str | None = None, features: str | None = None) -> str:
        refs = features or '["driver_stats:conv_rate", "driver_stats:acc_rate"]'
        age = f', max_age = "{max_age}"' if max_age else ""
        return f"""
[models.{model}]
task = "binary"
source = {{ kind = "feast", repo = "{self.path}", features = {refs}{age}, entity_source = {{ kind = "csv", path = "{self.entities_csv}" }} }}
target = "label"
timestamp = "event_time"
estimator = "logistic_regression"
primary_metric = "roc_auc"
"""

    def value(self, driver: int, day: int) -> float:
        """conv_rate of a driver on a feature day: the day in the integer part, the driver in the fraction."""
        return float(day) + (driver - 1000) / 100.0


def make_repo(folder: Path, *, now: datetime) -> Repo:
    import numpy as np
    import pandas as pd
    from feast import Entity, FeatureStore, FeatureView, Field, FileSource, ValueType
    from feast.types import Float64

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(exist_ok=True)
    (folder / "feature_store.yaml").write_text(
        "project: drivers\nregistry: data/registry.db\nprovider: local\n"
        "online_store:\n  type: sqlite\n  path: data/online.db\noffline_store:\n  type: file\n"
        "entity_key_serialization_version: 3\n"
    )
    start = (now - timedelta(days=DAYS)).replace(hour=0, minute=0, second=0, microsecond=0)
    rep = Repo(path=folder, entities_csv=folder / "entities.csv", values=None, entities=None, start=start)
    values = pd.DataFrame(
        [
            {
                "driver_id": d,
                "event_timestamp": start + timedelta(days=day),
                "conv_rate": rep.value(d, day),
                "acc_rate": float(d % 7),
            }
            for d in DRIVERS
            for day in range(DAYS + 1)
        ]
    )
    values.to_parquet(folder / "data" / "driver_stats.parquet")
    rng = np.random.default_rng(3)
    # Entity rows at random moments after the first feature day: many fall a second before a day's new value.
    moments = [
        start + timedelta(days=int(rng.integers(1, DAYS)), seconds=-1)
        if i % 3 == 0
        else start + timedelta(seconds=int(rng.uniform(86400, DAYS * 86400)))
        for i in range(240)
    ]
    moments += [start - timedelta(hours=1), start - timedelta(minutes=1)]  # before any value: nothing to join
    drivers = rng.choice(DRIVERS, size=len(moments))
    # The label follows acc_rate (a feature), with some noise, so a model has something to learn.
    labels = [int(d % 7 >= 3) ^ int(rng.uniform() < 0.1) for d in drivers]
    entities = pd.DataFrame({"driver_id": drivers, "event_time": pd.to_datetime(moments, utc=True), "label": labels})
    entities.to_csv(rep.entities_csv, index=False)
    driver = Entity(name="driver", join_keys=["driver_id"], value_type=ValueType.INT64)
    view = FeatureView(
        name="driver_stats",
        entities=[driver],
        ttl=timedelta(days=30),
        schema=[Field(name="conv_rate", dtype=Float64), Field(name="acc_rate", dtype=Float64)],
        source=FileSource(path=str(folder / "data" / "driver_stats.parquet"), timestamp_field="event_timestamp"),
        online=True,
    )
    FeatureStore(repo_path=str(folder)).apply([driver, view])
    rep.values, rep.entities = values, entities
    return rep


def expected_at(rep: Repo, driver: int, moment: Any) -> float:
    """The point-in-time value: the newest daily value at or before `moment`."""
    day = int((moment - rep.start).total_seconds() // 86400)
    return rep.value(driver, day) if day >= 0 else float("nan")
