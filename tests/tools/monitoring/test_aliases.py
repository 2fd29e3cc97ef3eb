"""Alias moves outside the bot: noticed by the poll, audited as external, shown by `history`, posted in Slack;
the bot's own moves are not reported."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mlflow.tracking import MlflowClient

from tests.conftest import approve, run
from tests.support.fake_slack import FakeSlack
from tests.support.monitoring import MonitoredBot, text_of
from tools.access import Caller
from tools.monitoring import aliases
from tools.monitoring.settings import SchedulerSettings

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)


def _client(ctx: Any) -> MlflowClient:
    """A client of this test's store only, as a script would make one (the registry URI given: MLflow would
    otherwise use the process-wide one, which an earlier training may have pointed elsewhere)."""
    return MlflowClient(tracking_uri=ctx.paths.mlflow_uri, registry_uri=ctx.paths.mlflow_uri)


def test_a_move_outside_the_bot_is_audited_and_in_history_and_the_bots_own_is_not(cancer_ctx: Any) -> None:
    ctx = cancer_ctx
    assert aliases.watch(ctx, settle=0) == []  # the first look is a baseline
    _client(ctx).set_registered_model_alias("cancer", "production", "2")
    moves = aliases.watch(ctx, settle=0)
    assert [(m.model, m.alias, m.from_version, m.to_version) for m in moves] == [("cancer", "production", 1, 2)]
    assert aliases.watch(ctx, settle=0) == []  # told once
    entry = ctx.state.audit_trail(model="cancer", limit=1)[0]
    assert (entry.tool, entry.surface, entry.from_version, entry.to_version) == ("alias_moved", "external", 1, 2)
    shown = run(ctx, "history cancer", LOCAL).result.entries[0]
    assert shown.action == "alias_moved" and shown.to_version == 2 and "moved outside the bot" in shown.detail
    # The bot's own move (a rollback through dispatch, audited) is not reported.
    assert approve(ctx, run(ctx, "rollback cancer 1", LOCAL), LOCAL).status == "done"
    assert aliases.watch(ctx, settle=0) == []
    # A deleted alias is a move too.
    _client(ctx).delete_registered_model_alias("cancer", "challenger")
    assert [(m.alias, m.to_version) for m in aliases.watch(ctx, settle=0)] == [("challenger", None)]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as server:
        yield server


def test_the_scheduler_posts_an_outside_move_in_the_models_channel_within_90s(
        cancer_home: Path, fake: FakeSlack, configure: Any, local_pool: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.support.monitoring as support
    from tests.conftest import ACCESS_TOML, CANCER_TOML

    monkeypatch.setattr(support, "FAST", SchedulerSettings(lease_seconds=1.5, sync_seconds=0.5, alias_seconds=1.0,
                                                           misfire_grace_seconds=60))
    real = support.build_app
    monkeypatch.setattr(support, "build_app", lambda ctx, settings, **kw: real(ctx, settings, executor=local_pool))
    from tools.monitoring.settings import MonitorSpec

    ctx = configure(CANCER_TOML + ACCESS_TOML)
    # The model's alert channel, from a stopped monitor: no check runs (a check would log its chart to MLflow).
    ctx.state.save_monitor("cancer", MonitorSpec(channel="C_MODELS"), enabled=False, set_by="test", surface="cli")
    bot = MonitoredBot(fake=fake, ctx=ctx).start()
    try:
        support.wait_until(lambda: ctx.state.seen_aliases("cancer") is not None, what="the first look", timeout=60)
        _client(ctx).set_registered_model_alias("cancer", "production", "2")
        told = fake.wait_for("chat.postMessage", lambda c: c.params.get("channel") == "C_MODELS"
                             and "moved outside the bot" in text_of(c), timeout=90)
        body = text_of(told)
        assert "production" in body and "v1" in body and "v2" in body
    finally:
        bot.stop()


def test_a_move_is_claimed_once_when_the_poll_and_a_webhook_look_at_it_together(state: Any) -> None:
    """Each look claims a move in one statement: of eight racing looks (poll, webhook, replicas), one tells it;
    a deleted alias stays seen (as absent), so the model's next look is not taken for a first one."""
    import threading

    state.see_aliases("cancer", {"production": 1})
    start, won = threading.Barrier(8), []

    def look() -> None:
        start.wait()
        won.append(state.claim_alias_move("cancer", "production", 1, 2))

    threads = [threading.Thread(target=look) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(won) == [False] * 7 + [True]
    assert state.seen_aliases("cancer") == {"production": 2}
    assert state.claim_alias_move("cancer", "challenger", None, 3) is True  # a new alias
    assert state.claim_alias_move("cancer", "challenger", None, 3) is False
    assert state.claim_alias_move("cancer", "production", 2, None) is True  # deleted
    assert state.claim_alias_move("cancer", "challenger", 3, None) is True
    assert state.seen_aliases("cancer") == {}  # seen, with no aliases: not None (never looked at)
    assert state.claim_alias_move("cancer", "production", None, 4) is True  # back again
