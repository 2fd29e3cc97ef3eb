"""A model trained from a real Feast repository, served from entity keys through its online store (real uvicorn,
real MLflow, SQLite online store), the features it used in the prediction log, and the skew check finding a value
planted in the online store that the offline store does not have."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pipelines.data import prediction_log
from tests.conftest import approve, run
from tests.support.feast_repo import DAYS, Repo, make_repo
from tests.support.predict_server import RunningService


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return make_repo(tmp_path_factory.mktemp("feast") / "repo", now=datetime.now(UTC))


def served(ctx: Any) -> Any:
    frame = prediction_log.read(ctx.paths.state_db_url, "drivers", timestamp="at")
    return frame[frame["entities"].notna()].reset_index(drop=True)


def test_entity_keys_are_served_from_the_online_store_logged_and_checked_for_skew(
    repo: Repo, mlops_home: Path, configure: Any, cli_caller: Any
) -> None:
    import pandas as pd
    from feast import FeatureStore

    ctx = configure(repo.toml())
    assert run(ctx, "train drivers", cli_caller).status == "done"
    assert approve(ctx, run(ctx, "deploy drivers 1", cli_caller), cli_caller).status == "done"
    materialized = run(ctx, "materialize drivers", cli_caller)
    assert materialized.status == "done" and materialized.result.views == ["driver_stats"]
    with RunningService(ctx) as svc, svc.client() as http:
        url = "/models/drivers/invocations"
        answer = http.post(url, json={"entities": {"driver_id": [1001, 1002]}})
        assert answer.status_code == 200, answer.text
        assert len(answer.json()["predictions"]) == 2
        missing = http.post(url, json={"entities": {"driver_id": [1001, 9999]}})
        assert missing.status_code == 404 and "no conv_rate for driver_id=9999" in missing.json()["error"]
        wrong = http.post(url, json={"entities": {"driver": [1001]}})
        assert wrong.status_code == 400 and "driver_id" in wrong.json()["error"]
        both = http.post(url, json={"entities": {"driver_id": [1001]}, "inputs": {"conv_rate": [1.0]}})
        assert both.status_code == 400 and "not both" in both.json()["error"]
        plain = http.post(url, json={"dataframe_records": [{"conv_rate": 1.0, "acc_rate": 2.0}]})
        assert plain.status_code == 200, plain.text  # MLflow's layouts still work beside entity keys
        svc.service.writer.flush()
        log = served(ctx)
        assert log["entities"].tolist() == [{"driver_id": 1001}, {"driver_id": 1002}]
        assert log["conv_rate"].tolist() == [repo.value(1001, DAYS), repo.value(1002, DAYS)]
        assert log["acc_rate"].tolist() == [float(1001 % 7), float(1002 % 7)]
        assert len(prediction_log.read(ctx.paths.state_db_url, "drivers")) == 3  # refusals stored nothing

        clean = run(ctx, "skew drivers", cli_caller)
        assert clean.status == "done", clean.message
        assert {f.feature: f.mismatched for f in clean.result.features} == {"conv_rate": 0, "acc_rate": 0}

        # A value written to the online store only (as a buggy streaming job would): serving uses it, training not.
        FeatureStore(repo_path=str(repo.path)).write_to_online_store(
            "driver_stats",
            df=pd.DataFrame(
                {"driver_id": [1001], "event_timestamp": [datetime.now(UTC)], "conv_rate": [99.0], "acc_rate": [6.0]}
            ),
        )
        assert http.post(url, json={"entities": {"driver_id": [1001, 1003]}}).status_code == 200
        svc.service.writer.flush()
    skewed = run(ctx, "skew drivers", cli_caller)
    assert skewed.status == "done", skewed.message
    rates = {f.feature: (f.mismatched, f.compared) for f in skewed.result.features}
    assert rates == {"conv_rate": (1, 4), "acc_rate": (1, 4)}
    conv = next(f for f in skewed.result.features if f.feature == "conv_rate")
    assert "driver_id=1001" in conv.example and "served 99" in conv.example
