"""Fixtures of the monitoring tests: a home with cancer and twin trained and deployed, and the fake Slack Web API."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import copy_home
from tests.support.fake_slack import FakeSlack
from tests.support.monitoring import cancer_config, model_spec
from tools.access import Caller

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)


@pytest.fixture(scope="session")
def monitored_snapshot(tmp_path_factory: pytest.TempPathFactory, mlflow_template: Path) -> Path:
    """cancer v1 and twin v1 (the same model under another name) trained and deployed once per test process."""
    from tests.conftest import approve, copy_sqlite, run
    from tools.settings import Paths

    home = tmp_path_factory.mktemp("monitored") / "mlops"
    home.mkdir()
    copy_sqlite(mlflow_template, home / "mlflow.db")
    ctx = cancer_config(home / "unused.csv", twin=model_spec(home / "unused.csv"))
    ctx.paths = Paths(home=home, config=None, tracking_uri=None, state_url=None, mlflow_ui_url=None)
    for model in ("cancer", "twin"):
        assert run(ctx, f"train {model}", LOCAL).status == "done"
        assert approve(ctx, run(ctx, f"deploy {model} 1", LOCAL), LOCAL).status == "done"
    return home


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, monitored_snapshot: Path) -> Path:
    target = tmp_path / "mlops"
    copy_home(monitored_snapshot, target)
    for name in ("MLFLOW_TRACKING_URI", "MLFLOW_UI_URL", "MLOPS_CONFIG", "MLOPS_STATE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MLOPS_HOME", str(target))
    monkeypatch.chdir(tmp_path)
    return target


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server
