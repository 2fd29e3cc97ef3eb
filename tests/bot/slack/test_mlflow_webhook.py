"""MLflow registry webhooks on `serve`: a real `mlflow server` (SQL store) delivers alias moves to the app under
uvicorn; the move is posted once in the model's channel and shown by `history` as external; deliveries that are
not MLflow's (wrong, missing or stale signature) or not well formed are refused with a reason, counted, and
change nothing."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from mlflow.tracking import MlflowClient

from bot.slack.mlflow_webhook import PATH, MlflowWebhook, signature
from tests.conftest import copy_sqlite, run
from tests.support.fake_slack import FakeSlack
from tests.support.monitoring import free_port, text_of
from tests.support.servers import BackgroundServer
from tests.support.waiting import wait_until
from tools.access import Caller

SECRET = "webhook-test-secret"
LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)
MOVED = "moved outside the bot"


@pytest.fixture(scope="module")
def tracking(tmp_path_factory: pytest.TempPathFactory, mlflow_template: Path) -> Iterator[str]:
    """One `mlflow server` for the module (a SQL store: webhooks need one), allowed to deliver to loopback over
    http (MLflow's SSRF guard refuses both by default), holding cancer v1 (production) and v2 (challenger). Only
    aliases move here, so the versions are registered without training."""
    from cryptography.fernet import Fernet

    from tests.support.processes import mlflow_server

    store = tmp_path_factory.mktemp("webhook-tracking")
    copy_sqlite(mlflow_template, store / "mlflow.db")
    with mlflow_server(
        f"sqlite:///{store / 'mlflow.db'}",
        store / "artifacts",
        log=store / "server.log",
        MLFLOW_WEBHOOK_ALLOWED_SCHEMES="http,https",
        MLFLOW_WEBHOOK_ALLOW_PRIVATE_IPS="true",
        MLFLOW_WEBHOOK_CACHE_TTL="0",
        MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY=Fernet.generate_key().decode(),
    ) as url:
        client = _client(url)
        client.create_registered_model("cancer")
        for version, alias in ((1, "production"), (2, "challenger")):
            client.create_model_version("cancer", source=f"s3://models/cancer/{version}")
            client.set_registered_model_alias("cancer", alias, str(version))
        yield url


@pytest.fixture
def bot(mlops_home: Path, tracking: str, local_pool: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """`serve`'s HTTP app (Bolt, the webhook route, /metrics) under uvicorn, its registry the tracking server."""
    from bot.slack.app import build_app
    from bot.slack.http import http_app
    from bot.slack.settings import SlackSettings
    from tools.context import Context
    from tools.monitoring import aliases
    from tools.monitoring.settings import MonitorSpec

    monkeypatch.setenv("MLFLOW_TRACKING_URI", tracking)
    ctx = Context.load()
    # The model's alert channel, from a stopped monitor (no check runs), and the alias watch's first look.
    ctx.state.save_monitor("cancer", MonitorSpec(channel="C_MODELS"), enabled=False, set_by="test", surface="cli")
    aliases.watch(ctx, settle=0)
    with FakeSlack() as fake:
        settings = SlackSettings(bot_token="xoxb-test", signing_secret="slack-secret", api_url=fake.api_url, workers=2)
        app, rt = build_app(ctx, settings, executor=local_pool)
        webhook = MlflowWebhook(secret=SECRET, models=ctx.config.models, work=rt)
        try:
            with BackgroundServer(http_app(app, webhook.routes()), free_port()) as server:
                yield type("Bot", (), {"ctx": ctx, "fake": fake, "url": server.url, "webhook": webhook})
        finally:
            rt.shutdown()


def _register(bot: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], secret: str) -> str:
    """`mlops-bot webhooks register` as a user runs it; MLflow's test delivery must reach the app."""
    from bot.cli.webhooks import register

    monkeypatch.setenv("MLOPS_MLFLOW_WEBHOOK_SECRET", secret)
    code = register(f"{bot.url}{PATH}")
    out = capsys.readouterr()
    assert code == (0 if secret == SECRET else 1), out
    return out.out


def _client(tracking: str) -> MlflowClient:
    return MlflowClient(tracking_uri=tracking, registry_uri=tracking)


def _moved_posts(fake: FakeSlack) -> list[Any]:
    return [c for c in fake.calls if c.method == "chat.postMessage" and MOVED in text_of(c)]


def _refused(bot: Any) -> dict[str, float]:
    page = httpx.get(f"{bot.url}/metrics", timeout=10).text
    return {
        line.split('"')[1]: float(line.split()[-1])
        for line in page.splitlines()
        if line.startswith("mlops_webhook_refused_total{")
    }


def test_a_move_in_mlflow_is_posted_within_5s_once_and_history_shows_it_external(
    bot: Any, tracking: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = _register(bot, monkeypatch, capsys, SECRET)
    assert "test delivery: accepted" in printed and "model_version_alias.created" in printed
    moved_at = time.monotonic()
    _client(tracking).set_registered_model_alias("cancer", "production", "2")
    told = bot.fake.wait_for(
        "chat.postMessage", lambda c: c.params.get("channel") == "C_MODELS" and MOVED in text_of(c), timeout=5
    )
    assert time.monotonic() - moved_at < 5
    assert "production" in text_of(told) and "v1" in text_of(told) and "v2" in text_of(told)
    shown = run(bot.ctx, "history cancer", LOCAL).result.entries[0]
    assert shown.action == "alias_moved" and (shown.from_version, shown.to_version) == (1, 2)
    entry = bot.ctx.state.audit_trail(model="cancer", limit=1)[0]
    assert entry.surface == "external"
    # The poll then looks at the same move: already told, nothing more is posted or audited.
    from tools.monitoring import aliases

    assert aliases.watch(bot.ctx, settle=0) == []
    assert len(_moved_posts(bot.fake)) == 1
    assert len([e for e in bot.ctx.state.audit_trail(model="cancer") if e.tool == "alias_moved"]) == 1


def test_a_delivery_signed_with_another_secret_is_refused_counted_and_changes_nothing(
    bot: Any, tracking: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = _register(bot, monkeypatch, capsys, "not-the-servers-secret")
    assert "test delivery: failed (HTTP 401)" in printed and "does not match" in printed
    assert _refused(bot)["bad_signature"] == 1  # MLflow's test delivery
    audit, seen = bot.ctx.state.audit_trail(model="cancer"), bot.ctx.state.seen_aliases("cancer")
    current = bot.ctx.registry.aliases("cancer")["challenger"]
    _client(tracking).set_registered_model_alias("cancer", "challenger", "1" if current == 2 else "2")
    wait_until(lambda: _refused(bot)["bad_signature"] == 2, timeout=10, what="the real delivery to be refused")
    assert bot.ctx.state.audit_trail(model="cancer") == audit and bot.ctx.state.seen_aliases("cancer") == seen
    assert _moved_posts(bot.fake) == []


def _post(bot: Any, body: bytes, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(f"{bot.url}{PATH}", content=body, headers=headers, timeout=10)


def _signed(body: bytes, *, secret: str = SECRET, stamp: int | None = None) -> dict[str, str]:
    stamp_text = str(int(time.time()) if stamp is None else stamp)
    return {
        "X-MLflow-Delivery-Id": "d-1",
        "X-MLflow-Timestamp": stamp_text,
        "Content-Type": "application/json",
        "X-MLflow-Signature": signature(secret, "d-1", stamp_text, body),
    }


def test_forged_stale_and_malformed_deliveries_get_a_4xx_with_the_reason_and_change_nothing(bot: Any) -> None:
    event = json.dumps(
        {
            "entity": "model_version_alias",
            "action": "created",
            "timestamp": "2026-01-01T00:00:00Z",
            "data": {"name": "cancer", "alias": "production", "version": "2"},
        }
    ).encode()
    audit = bot.ctx.state.audit_trail(model="cancer")
    unsigned = _post(bot, event, {"Content-Type": "application/json"})
    assert unsigned.status_code == 401 and "X-MLflow-Signature" in unsigned.json()["error"]
    stale = _post(bot, event, _signed(event, stamp=int(time.time()) - 3600))
    assert stale.status_code == 401 and "more than 300 s" in stale.json()["error"]
    tampered = _post(bot, event.replace(b'"2"', b'"1"'), _signed(event))
    assert tampered.status_code == 401 and "does not match" in tampered.json()["error"]
    assert _refused(bot) == {"no_secret": 0, "missing_signature": 1, "bad_timestamp": 0, "stale": 1, "bad_signature": 1}
    not_json = _post(bot, b"{nope", _signed(b"{nope"))
    assert not_json.status_code == 400 and "not an MLflow webhook delivery" in not_json.json()["error"]
    no_alias = json.dumps(
        {"entity": "model_version_alias", "action": "created", "timestamp": "t", "data": {"name": "cancer"}}
    ).encode()
    missing = _post(bot, no_alias, _signed(no_alias))
    assert missing.status_code == 400 and "alias" in missing.json()["error"]
    huge = _post(bot, b"x" * (65 * 1024), {"Content-Type": "application/json"})
    assert huge.status_code == 413
    other = json.dumps({"entity": "model_version", "action": "created", "timestamp": "t", "data": {}}).encode()
    ignored = _post(bot, other, _signed(other))
    assert ignored.status_code == 200 and "not an alias move" in ignored.json()["ignored"]
    assert bot.ctx.state.audit_trail(model="cancer") == audit and _moved_posts(bot.fake) == []
