"""Monitors end to end: a real scheduler at second-scale intervals posting incidents to the fake Slack Web API,
buttons clicked over signed HTTP, restarts, a standby scheduler, failing sources and continuous training."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from mlflow.tracking import MlflowClient

from bot.render.alerts import COMPARE_ACTION, RETRAIN_ACTION, SNOOZE_ACTION
from bot.render.results import APPROVE_ACTION
from tests.conftest import copy_home
from tests.integration.monitoring_support import (
    DEPLOYER, TRAINER, VIEWER, MonitoredBot, cancer_config, posts, text_of, wait_until, write_live,
)
from tests.support.fake_slack import FakeSlack
from tools.access import Caller
from tools.state import incidents_table

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)
DRIFTED, VERY_DRIFTED, CALM = 18, 28, 0  # shifted features of 30: medium (60%), high (93%), none


@pytest.fixture(scope="session")
def monitored_snapshot(tmp_path_factory: pytest.TempPathFactory, mlflow_template: Path) -> Path:
    """cancer v1 trained and deployed once per test process (the tests copy it)."""
    from tests.conftest import approve, copy_sqlite, run
    from tools.settings import Paths

    home = tmp_path_factory.mktemp("monitored") / "mlops"
    home.mkdir()
    copy_sqlite(mlflow_template, home / "mlflow.db")
    ctx = cancer_config(home / "unused.csv")
    ctx.paths = Paths(home=home, config=None, tracking_uri=None, state_url=None, mlflow_ui_url=None)
    assert run(ctx, "train cancer", LOCAL).status == "done"
    assert approve(ctx, run(ctx, "deploy cancer 1", LOCAL), LOCAL).status == "done"
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


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "live.csv"
    write_live(path, shifted=DRIFTED)
    return path


def _bot(fake: FakeSlack, live: Path, **config: object) -> MonitoredBot:
    return MonitoredBot(fake=fake, ctx=cancer_config(live, **config))  # type: ignore[arg-type]


def _incident_post(fake: FakeSlack, channel: str = "C_OPS", timeout: float = 60) -> object:
    return fake.wait_for("chat.postMessage", lambda c: c.params.get("channel") == channel and not c.params.get("thread_ts")
                         and "mlops_alert_retrain" in text_of(c), timeout=timeout)


def test_slash_monitor_alerts_once_stays_quiet_in_cooldown_and_resolves(home: Path, fake: FakeSlack, live: Path) -> None:
    bot = _bot(fake, live).start()
    try:
        bot.slash("monitor cancer every=1s")
        approval = fake.wait_for("chat.postMessage", lambda c: "mlops_approve" in text_of(c))
        assert "Start monitoring" in text_of(approval)
        bot.click(APPROVE_ACTION, approval.response["ts"] and _approval_id(approval), user=DEPLOYER,
                  message_ts=approval.response["ts"])
        alert = _incident_post(fake)
        body = text_of(alert)
        assert "MEDIUM" in body and "production *v1*" in body and "Snooze 24h" in body and "Compare" in body
        assert "DRIFT" in body, "the top drifted features are listed"
        wait_until(lambda: any(u.thread_ts == alert.response["ts"] and u.completed for u in fake.uploads),
                   what="the drift chart in the alert's thread")
        bot.wait_checks(4)  # inside the 6h cooldown, with the same severity: nothing more
        assert len(posts(fake, top_level=True)) == 2  # the approval request and the one alert
        assert posts(fake, thread=alert.response["ts"]) == []
        write_live(live, shifted=CALM)
        resolved = fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == alert.response["ts"], timeout=60)
        assert "Resolved" in text_of(resolved) and "healthy again" in text_of(resolved)
        parent = fake.wait_for("chat.update", lambda c: c.params.get("ts") == alert.response["ts"])
        assert "RESOLVED" in text_of(parent) and RETRAIN_ACTION not in text_of(parent)
        incidents = bot.ctx.state.incidents(open_only=False)
        assert [(i.kind, i.status) for i in incidents] == [("drift", "resolved")]
        audit = bot.ctx.state.audit_trail(model="cancer", limit=5)
        assert audit[0].tool == "monitor" and audit[0].actor == DEPLOYER
    finally:
        bot.stop()


def _approval_id(call: object) -> str:
    for block in call.params["blocks"]:  # type: ignore[attr-defined]
        for element in block.get("elements", []):
            if element.get("action_id") == APPROVE_ACTION:
                return element["value"]
    raise AssertionError("no Approve button")
