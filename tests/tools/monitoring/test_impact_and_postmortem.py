"""Severity from impact, the daily digest and the postmortem: a real Bolt app over signed HTTP, the fake Slack Web
API, real MLflow and the scheduler's own check, digest and resolve paths (called directly: no interval to wait)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.slack import actions
from bot.slack.alerts import SlackReporter
from bot.slack.render import render
from pipelines.errors import ConfigError
from tests.conftest import run
from tests.support.fake_slack import FakeSlack
from tests.support.monitoring import FAST, VIEWER, MonitoredBot, model_spec, posts, text_of, wait_until, write_live
from tools.access import Caller
from tools.config import demo_config, parse_config
from tools.context import Context
from tools.monitoring.scheduler import DIGEST_ID, Scheduler
from tools.monitoring.settings import MonitorSpec
from tools.settings import Paths

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)
# Shifted features of 30 (tests/support/monitoring.write_live): 28 drift without moving CBPE's ROC AUC estimate
# (no impact); 18 cost about 0.08 of estimated ROC AUC (past the default max_drop 0.05); 0 is calm.
NO_IMPACT, IMPACT, CALM = 28, 18, 0
CHANNEL = "C_ALERTS"


@pytest.fixture(autouse=True)
def _shared_pool(local_pool: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import tests.support.monitoring as support

    real = support.build_app
    monkeypatch.setattr(support, "build_app", lambda ctx, settings, **kw: real(ctx, settings, executor=local_pool))


def _bot(fake: FakeSlack, live: Path, **monitoring: Any) -> tuple[MonitoredBot, Scheduler]:
    """The cancer model watched into CHANNEL, with `monitoring` as its config's [monitoring] table."""
    raw = {"models": {"cancer": model_spec(live)}, "monitoring": monitoring}
    ctx = Context(config=parse_config(raw, source_path="test"), paths=Paths())
    bot = MonitoredBot(fake=fake, ctx=ctx).start(scheduler=False)
    bot.ctx.state.save_monitor("cancer", MonitorSpec(channel=CHANNEL), enabled=True, set_by="U1", surface="slack")
    return bot, Scheduler(bot.ctx, SlackReporter(bot.rt), executor=bot.rt.executor, settings=FAST)  # type: ignore[arg-type]


def _alerts(fake: FakeSlack) -> list[Any]:
    return [c for c in posts(fake, top_level=True) if c.params.get("channel") == CHANNEL]


def test_drift_without_impact_is_a_digest_note_and_impact_pages_once(
    home: Path, fake: FakeSlack, tmp_path: Path
) -> None:
    live = tmp_path / "live.csv"
    write_live(live, shifted=NO_IMPACT)
    bot, scheduler = _bot(fake, live)
    try:
        scheduler.check("cancer")
        scheduler.check("cancer")
        incident = bot.ctx.state.open_incident_for("cancer", "drift")
        assert incident is not None and incident.severity == "low" and incident.message_ts is None
        assert "no impact" in incident.summary and "CBPE" in incident.summary
        assert _alerts(fake) == [], "a drift without impact is not a page"
        notes = bot.ctx.state.notes_due()
        assert [(n.model, n.channel, n.incident_id) for n in notes] == [("cancer", CHANNEL, incident.id)], (
            "one note for the incident, not one per check"
        )
        assert incident.root_cause is not None and incident.root_cause.basis == "estimated", "why, stored at opening"

        scheduler.post_digest()
        scheduler.post_digest()  # told once
        digests = _alerts(fake)
        assert len(digests) == 1 and "Daily digest" in text_of(digests[0]) and f"#{incident.id}" in text_of(digests[0])
        assert "no impact" in text_of(digests[0])
        assert bot.ctx.state.notes_due() == []

        write_live(live, shifted=IMPACT)  # now it costs performance: the note becomes one page
        scheduler.check("cancer")
        scheduler.check("cancer")
        pages = [c for c in _alerts(fake) if "mlops_alert_retrain" in text_of(c)]
        assert len(pages) == 1 and "HIGH" in text_of(pages[0]) and "impact" in text_of(pages[0])
        assert bot.ctx.state.open_incident_for("cancer", "drift").id == incident.id, "the same incident, now paged"

        shown = render(run(bot.ctx, "monitors", LOCAL).result)
        assert "daily digest at 09:00 UTC" in str(shown.sections) and "max_drop" in str(shown.sections)
    finally:
        bot.stop()


def test_the_digest_runs_daily_at_the_configured_time(home: Path, fake: FakeSlack, tmp_path: Path) -> None:
    live = tmp_path / "live.csv"
    write_live(live, shifted=CALM)
    bot, scheduler = _bot(fake, live, severity={"digest_at": "07:30", "timezone": "Europe/Paris", "impact_drop": 0.02})
    scheduler.start()
    try:
        wait_until(lambda: scheduler.active, timeout=30, what="the scheduler holds its lease")
        trigger = scheduler._aps.get_job(DIGEST_ID).trigger
        assert "hour='7', minute='30'" in str(trigger) and str(trigger.timezone) == "Europe/Paris"
        out = run(bot.ctx, "monitors", LOCAL).result
        assert (out.severity.impact_drop, out.severity.digest_at) == (0.02, "07:30")
    finally:
        scheduler.stop()
        bot.stop()


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ({"digest_at": "25:00"}, "not a time of day for the digest"),
        ({"timezone": "Mars/Olympus"}, "not a time zone"),
        ({"impact_drop": 0}, "monitoring.severity.impact_drop.*use a positive number"),
        ({"unknown_impact": "shout"}, "monitoring.severity.unknown_impact"),
    ],
)
def test_a_bad_severity_policy_is_refused_with_the_key(policy: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config({**demo_config(), "monitoring": {"severity": policy}}, source_path="test")


def test_resolving_posts_a_postmortem_in_the_thread_and_incident_shows_it(
    home: Path, fake: FakeSlack, tmp_path: Path
) -> None:
    live = tmp_path / "live.csv"
    write_live(live, shifted=IMPACT)
    bot, scheduler = _bot(fake, live)
    try:
        scheduler.check("cancer")
        (page,) = _alerts(fake)
        ts, incident = page.response["ts"], bot.ctx.state.open_incident_for("cancer", "drift")
        bot.click(actions.ALERT_WHY, str(incident.id), user=VIEWER, message_ts=ts, channel=CHANNEL)
        wait_until(lambda: len(bot.ctx.state.incident_events(incident.id)) == 1, timeout=60, what="the Why? click kept")
        assert bot.ctx.state.incident(incident.id).acknowledged_by == VIEWER

        write_live(live, shifted=CALM)
        scheduler.check("cancer")
        resolution = next(c for c in posts(fake, thread=ts) if "Resolved" in text_of(c))
        body = text_of(resolution)
        for said in (
            "Postmortem",
            "time to acknowledge",
            "time to resolve",
            "Timeline",
            "acknowledged",
            f"<@{VIEWER}>",
            "asked why from the alert",
            "Root cause at opening",
            "production v1 at opening",
        ):
            assert said in body, said
        stored = bot.ctx.state.incident(incident.id).postmortem
        assert stored is not None and stored.acknowledged_by == VIEWER
        assert 0 < stored.time_to_acknowledge <= stored.time_to_resolve
        assert [s.what.split(" ")[0] for s in stored.timeline][:2] == ["opened", "acknowledged"]
        assert stored.timeline[-1].what.startswith("resolved") and stored.versions == [1]
        assert stored.root_cause is not None and stored.root_cause.features, "the ranking at opening"

        shown = run(bot.ctx, f"incident {incident.id}", LOCAL)
        assert shown.status == "done" and shown.result.incident.postmortem == stored
        assert "time to resolve" in str(render(shown.result).sections)
        missing = run(bot.ctx, "incident 999", LOCAL)
        assert missing.status == "refused" and "no incident #999" in missing.message
    finally:
        bot.stop()
