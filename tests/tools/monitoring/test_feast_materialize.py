"""The scheduler materializes a Feast-fed model's online store before its check (monitor … materialize=true), as
the scheduler caller through dispatch; a model without a Feast source cannot ask for it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CANCER_TOML, approve, run
from tests.support.feast_repo import DAYS, Repo, make_repo
from tools.access import Caller
from tools.monitoring.alerting import tick

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    return make_repo(tmp_path_factory.mktemp("feast") / "repo", now=datetime.now(UTC))


def test_a_scheduled_check_materializes_first_and_only_feast_models_may_ask(
    repo: Repo, mlops_home: Path, configure: Any
) -> None:
    from pipelines.data import feature_store

    ctx = configure(repo.toml() + CANCER_TOML)
    source = ctx.spec("drivers").source
    with pytest.raises(feature_store.MissingEntity):
        feature_store.online(source, {"driver_id": [1001]})  # nothing materialized yet
    refused = run(ctx, "monitor cancer channel=#ml materialize=true", LOCAL)
    assert refused.status == "refused" and "does not read its features from Feast" in refused.message
    started = run(ctx, "monitor drivers every=1h channel=#ml materialize=true", LOCAL)
    if started.status == "needs_approval":
        started = approve(ctx, started, LOCAL)
    assert started.status == "done", started.message
    tick(ctx, "drivers")
    assert feature_store.online(source, {"driver_id": [1001]}).frame["conv_rate"].tolist() == [repo.value(1001, DAYS)]
    done = [(a.tool, a.actor) for a in ctx.state.audit_trail(model="drivers")]
    assert ("materialize", "scheduler") in done
