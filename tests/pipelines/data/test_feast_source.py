"""A Feast feature repository as a model's source: point-in-time joins, windows on entity rows, lineage, bad config.

One real repository per module (local provider: parquet offline store, SQLite online store), applied through
Feast's Python API; no mocks.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipelines.data import datasets
from pipelines.data.window import Window
from pipelines.errors import ConfigError, DataError
from tests.conftest import run
from tests.support.feast_repo import DAYS, Repo, expected_at, make_repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return make_repo(tmp_path_factory.mktemp("feast") / "repo", now=datetime.now(UTC))


def test_no_feature_value_from_after_an_entity_row_reaches_training(
    repo: Repo, mlops_home: Path, configure: Any
) -> None:
    spec = configure(repo.toml()).spec("drivers")
    data = datasets.load(spec)
    assert data.features == ["conv_rate", "acc_rate"]
    frame = data.frame.assign(event_time=pd.to_datetime(data.frame["event_time"], utc=True))  # as the CSV has it
    assert len(frame) == len(repo.entities)  # every entity row is kept, in the entity source's order
    assert frame["event_time"].tolist() == repo.entities["event_time"].tolist()
    expected = [expected_at(repo, d, t) for d, t in zip(frame["driver_id"], frame["event_time"], strict=True)]
    assert frame["conv_rate"].tolist() == pytest.approx(expected, nan_ok=True)
    # Two rows come before every value: they get none (the pipeline imputes it), not the first later one.
    assert frame["conv_rate"].isna().sum() == 2
    # Rows one second before midnight got the day before's value, never the value written at midnight.
    edge = frame[frame["event_time"].dt.strftime("%H:%M:%S") == "23:59:59"]
    assert len(edge) >= 50
    later = [
        repo.value(d, int((t - repo.start).total_seconds() // 86400) + 1)
        for d, t in zip(edge["driver_id"], edge["event_time"], strict=True)
    ]
    assert all(got < after for got, after in zip(edge["conv_rate"], later, strict=True))


def test_a_window_selects_entity_rows_by_their_event_time(repo: Repo, mlops_home: Path, configure: Any) -> None:
    spec = configure(repo.toml()).spec("drivers")
    since, until = repo.start + timedelta(days=4), repo.start + timedelta(days=8)
    data = datasets.load(spec, window=Window(since=since.isoformat(), until=until.isoformat()))
    inside = repo.entities[(repo.entities["event_time"] >= since) & (repo.entities["event_time"] < until)]
    assert len(data.frame) == len(inside) == data.lineage.rows
    times = pd.to_datetime(data.frame["event_time"], utc=True)
    assert times.min() >= since and times.max() < until


def test_training_records_the_features_views_and_registry_state(
    repo: Repo, mlops_home: Path, configure: Any, cli_caller: Any
) -> None:
    ctx = configure(repo.toml())
    outcome = run(ctx, "train drivers", cli_caller)
    assert outcome.status == "done", outcome.message
    import mlflow

    client = mlflow.MlflowClient(ctx.paths.mlflow_uri)
    version = client.get_model_version("drivers", "1")
    tags = client.get_run(version.run_id).data.tags
    assert tags["mlops.feast.features"] == "driver_stats:conv_rate,driver_stats:acc_rate"
    views = json.loads(tags["mlops.feast.views"])
    assert set(views) == {"driver_stats"} and views["driver_stats"]["updated"]
    assert len(tags["mlops.feast.registry_sha256"]) == 64
    assert tags["mlops.source"].startswith(f"feast:{repo.path}")
    # The drift reference is per feature, as for any source.
    profile = json.loads(mlflow.artifacts.load_text(f"runs:/{version.run_id}/drift/reference_profile.json"))
    assert set(profile["features"]) == {"conv_rate", "acc_rate"}


def test_bad_feast_config_is_named_and_an_unknown_view_is_a_data_error(
    repo: Repo, mlops_home: Path, configure: Any
) -> None:
    with pytest.raises(ConfigError, match="needs `timestamp`"):
        configure(repo.toml().replace('timestamp = "event_time"\n', ""))
    with pytest.raises(ConfigError, match="view:feature"):
        configure(repo.toml(features='["conv_rate"]'))
    spec = configure(repo.toml(features='["no_such_view:conv_rate"]')).spec("drivers")
    with pytest.raises(DataError, match="no_such_view"):
        datasets.load(spec)


def test_the_online_store_refuses_a_missing_key_and_a_stale_value(repo: Repo, mlops_home: Path, configure: Any) -> None:
    from pipelines.data import feature_store

    source = configure(repo.toml(max_age="1h")).spec("drivers").source
    feature_store.materialize(source)
    newest = repo.start + timedelta(days=DAYS)  # the last value of every driver was written at this midnight
    fresh = feature_store.online(source, {"driver_id": [1001, 1002]}, now=newest + timedelta(minutes=30))
    assert fresh.frame["conv_rate"].tolist() == [repo.value(1001, DAYS), repo.value(1002, DAYS)]
    assert fresh.entities == [{"driver_id": 1001}, {"driver_id": 1002}]
    with pytest.raises(feature_store.StaleFeature, match=r"conv_rate for driver_id=1001 is 2h 0m old; the limit is 1h"):
        feature_store.online(source, {"driver_id": [1001]}, now=newest + timedelta(hours=2))
    with pytest.raises(feature_store.MissingEntity, match="no conv_rate for driver_id=9999"):
        feature_store.online(source, {"driver_id": [1001, 9999]}, now=newest)
    with pytest.raises(DataError, match="exactly the key"):
        feature_store.online(source, {"driver": [1001]}, now=newest)
