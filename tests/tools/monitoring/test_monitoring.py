"""Monitors end to end: a real scheduler at second-scale intervals posting incidents to the fake Slack Web API,
buttons clicked over signed HTTP, restarts, a standby scheduler, failing sources and continuous training."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.slack import actions
from tests.support.fake_slack import FakeSlack
from tests.support.monitoring import (
    DEPLOYER,
    TRAINER,
    VIEWER,
    MonitoredBot,
    cancer_config,
    model_spec,
    posts,
    text_of,
    wait_until,
    write_live,
)
from tools.access import Caller

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)
# Shifted features of 30: 18 cost ~0.08 of CBPE-estimated ROC AUC (high: it pages); 28 drift more but leave the
# estimate as at training (low: a digest note, no impact); 0 is calm.
DRIFTED, VERY_DRIFTED, CALM = 18, 28, 0


@pytest.fixture
def live(tmp_path: Path) -> Path:
    path = tmp_path / "live.csv"
    write_live(path, shifted=DRIFTED)
    return path


@pytest.fixture(autouse=True)
def _shared_pool(local_pool: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bots here use the session's warm process pool: a fresh pool's start-up is no part of what is tested."""
    import tests.support.monitoring as support

    real = support.build_app
    monkeypatch.setattr(support, "build_app", lambda ctx, settings, **kw: real(ctx, settings, executor=local_pool))


def _bot(fake: FakeSlack, live: Path, **config: object) -> MonitoredBot:
    return MonitoredBot(fake=fake, ctx=cancer_config(live, **config))  # type: ignore[arg-type]


def _incident_post(fake: FakeSlack, channel: str = "C_OPS", timeout: float = 60) -> object:
    return fake.wait_for("chat.postMessage", lambda c: c.params.get("channel") == channel and not c.params.get("thread_ts")
                         and c.response.get("ok") and "mlops_alert_retrain" in text_of(c), timeout=timeout)


def test_slash_monitor_alerts_once_stays_quiet_in_cooldown_and_resolves(home: Path, fake: FakeSlack, live: Path) -> None:
    bot = _bot(fake, live).start()
    try:
        bot.slash("monitor cancer every=1s")
        approval = fake.wait_for("chat.postMessage", lambda c: "mlops_approve" in text_of(c))
        assert "Start monitoring" in text_of(approval)
        bot.click(actions.APPROVE, approval.response["ts"] and _approval_id(approval), user=DEPLOYER,
                  message_ts=approval.response["ts"])
        alert = _incident_post(fake)
        body = text_of(alert)
        assert "HIGH" in body and "production *v1*" in body and "Snooze 24h" in body and "Compare" in body
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
        assert "RESOLVED" in text_of(parent) and actions.ALERT_RETRAIN not in text_of(parent)
        incidents = bot.ctx.state.incidents(open_only=False)
        assert [(i.kind, i.status) for i in incidents] == [("drift", "resolved")]
        audit = bot.ctx.state.audit_trail(model="cancer", limit=5)
        assert audit[0].tool == "monitor" and audit[0].actor == DEPLOYER
    finally:
        bot.stop()


def _approval_id(call: object) -> str:
    for block in call.params["blocks"]:  # type: ignore[attr-defined]
        for element in block.get("elements", []):
            if element.get("action_id") == actions.APPROVE:
                return element["value"]
    raise AssertionError("no Approve button")


def _thread_posts(fake: FakeSlack, ts: str) -> list[object]:
    return posts(fake, thread=ts)


def test_severity_change_buttons_and_snooze(home: Path, fake: FakeSlack, live: Path) -> None:
    """A config monitor: the alert survives a 429, a severity change posts once, buttons act once and by role."""
    fake.rate_limit("chat.postMessage")  # the first post meets Slack's rate limit and is retried after Retry-After
    bot = _bot(fake, live, monitor={"every": "1s", "channel": "C_ALERTS", "cooldown": "1s"}).start()
    try:
        alert = _incident_post(fake, channel="C_ALERTS")
        ts = alert.response["ts"]
        assert any(c.method == "chat.postMessage" and c.response.get("status") == 429 for c in fake.calls)
        write_live(live, shifted=VERY_DRIFTED)
        change = fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == ts, timeout=60)
        assert "high → low" in text_of(change) and "no impact" in text_of(change)
        bot.wait_checks(3)
        assert len(_thread_posts(fake, ts)) == 1, "the severity changed once, so one follow-up"
        assert len(posts(fake, top_level=True)) == 1
        bot.event({"type": "app_home_opened", "user": VIEWER, "channel": "D_HOME", "tab": "home"})
        home_view = fake.wait_for("views.publish", lambda c: c.params.get("user_id") == VIEWER)
        view = str(home_view.params["view"])
        assert "Open alerts" in view and "cancer* drift (low)" in view
        incident_id = str(bot.ctx.state.open_incident_for("cancer", "drift").id)

        bot.click(actions.ALERT_RETRAIN, incident_id, user=VIEWER, message_ts=ts, channel="C_ALERTS")
        refused = fake.wait_for("chat.postEphemeral", lambda c: c.params.get("user") == VIEWER)
        assert "trainer role" in text_of(refused)
        trains = lambda: [e for e in bot.ctx.state.audit_trail(model="cancer")  # noqa: E731
                          if e.tool == "train" and e.actor != LOCAL.user_id]
        assert trains() == []
        bot.click(actions.ALERT_RETRAIN, incident_id, user=TRAINER, message_ts=ts, channel="C_ALERTS")
        bot.click(actions.ALERT_RETRAIN, incident_id, user=TRAINER, message_ts=ts, channel="C_ALERTS")  # a double click
        compared = fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == ts
                                 and "Compare cancer" in text_of(c), timeout=90)
        assert "v2" in text_of(compared)
        once = fake.wait_for("chat.postEphemeral", lambda c: "already done" in text_of(c), timeout=30)
        assert once.params["user"] == TRAINER
        assert [(e.actor, e.to_version) for e in trains()] == [(TRAINER, 2)]
        # The button's training and the scheduler's checks ran as jobs in the pool's processes, not in the bot's.
        assert [(user, pid != os.getpid()) for user, pid in _job_workers(bot.ctx, "train")] == [(TRAINER, True)]
        checks = _job_workers(bot.ctx, "run_check")
        assert checks and all(pid != os.getpid() for _, pid in checks)

        bot.click(actions.ALERT_COMPARE, incident_id, user=VIEWER, message_ts=ts, channel="C_ALERTS")  # read-only: anyone
        fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == ts and "compare from the alert"
                      in text_of(c), timeout=60)
        bot.click(actions.ALERT_SNOOZE, incident_id, user=TRAINER, message_ts=ts, channel="C_ALERTS")
        fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == ts and "Snoozed" in text_of(c))
        before = len(_thread_posts(fake, ts))
        write_live(live, shifted=DRIFTED)  # would be a severity change (impact again), but the model is snoozed: held
        wait_until(lambda: [h.kind for h in bot.ctx.state.held_notices()] == ["follow_up"], what="a held follow-up")
        bot.wait_checks(2)
        assert len(_thread_posts(fake, ts)) == before and len(posts(fake, top_level=True)) == 1
        assert bot.ctx.state.open_incident_for("cancer", "drift").severity == "high", "checks still run while snoozed"
    finally:
        bot.stop()


def test_restart_keeps_jobs_without_realerting_and_a_second_scheduler_stands_by(
        home: Path, fake: FakeSlack, live: Path) -> None:
    first = _bot(fake, live, monitor={"every": "1s", "channel": "C_ALERTS"}).start()
    try:
        _incident_post(fake, channel="C_ALERTS")
    finally:
        first.stop()
    import sqlalchemy as sa

    with first.ctx.state.engine.connect() as conn:
        jobs = {r[0] for r in conn.execute(sa.text("SELECT id FROM apscheduler_jobs"))}
    assert "monitor:cancer" in jobs, "the job store keeps the jobs across restarts"
    second = _bot(fake, live, monitor={"every": "1s", "channel": "C_ALERTS"}).start()
    standby = None
    try:
        from bot.slack.alerts import SlackReporter
        from tests.support.monitoring import FAST
        from tools.monitoring.scheduler import Scheduler

        second.wait_checks(2)
        assert second.scheduler is not None and second.scheduler.active
        standby = Scheduler(second.ctx, SlackReporter(second.rt), executor=second.rt.executor,  # type: ignore[arg-type]
                            settings=FAST, holder="standby").start()
        second.wait_checks(3)
        assert not standby.active, "a second scheduler runs no jobs while the first holds the lease"
        assert second.ctx.state.lease("scheduler").holder == second.scheduler.holder
        assert len(posts(fake, top_level=True)) == 1, "the open incident is not alerted again after the restart"
        second.scheduler.stop()  # the holder goes away: the standby takes over within the lease time
        second.scheduler = None
        wait_until(lambda: standby.active, timeout=10, what="the standby to take over")
        assert second.ctx.state.lease("scheduler").holder == "standby"
    finally:
        if standby is not None:
            standby.stop()
        second.stop()


def test_a_failing_source_opens_one_incident_and_other_models_keep_being_checked(
        home: Path, fake: FakeSlack, tmp_path: Path) -> None:
    missing, twin_live = tmp_path / "missing.csv", tmp_path / "twin.csv"
    write_live(twin_live, shifted=DRIFTED)
    every = {"every": "1s", "channel": "C_ALERTS"}
    bot = MonitoredBot(fake=fake, ctx=cancer_config(missing, monitor=every, twin=model_spec(twin_live, monitor=every)))
    bot.start()
    try:
        failing = fake.wait_for("chat.postMessage", lambda c: "monitoring is failing" in text_of(c), timeout=60)
        assert "does not exist" in text_of(failing) and "cancer" in text_of(failing)
        fake.wait_for("chat.postMessage", lambda c: "twin: drift" in text_of(c), timeout=60)
        bot.wait_checks(3, model="twin")
        assert sum("monitoring is failing" in text_of(c) for c in posts(fake, top_level=True)) == 1
        monitor = bot.ctx.state.monitor("cancer")
        assert monitor.last_result == "failed" and monitor.failures >= 3
        write_live(missing, shifted=CALM)
        fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == failing.response["ts"]
                      and "Resolved" in text_of(c), timeout=60)
    finally:
        bot.stop()


def test_retrain_policy_deploys_through_the_gate_as_the_scheduler(home: Path, fake: FakeSlack, live: Path) -> None:
    bot = _bot(fake, live, monitor={"every": "2s", "channel": "C_ALERTS", "on_drift": "retrain",
                                    "auto_deploy": True}).start()
    try:
        alert = _incident_post(fake, channel="C_ALERTS")
        deployed = fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == alert.response["ts"]
                                 and "Deployed cancer" in text_of(c), timeout=120)
        assert "passes the gate" in text_of(deployed)
        thread = [text_of(c) for c in posts(fake, thread=alert.response["ts"])]
        assert any("pass the data validation gate" in t for t in thread)
        assert any("Compare cancer" in t for t in thread)
        assert bot.rt.ctx.registry.alias_version("cancer", "production") == 2  # type: ignore[union-attr]
        deploy = next(e for e in bot.ctx.state.audit_trail(model="cancer") if e.tool == "deploy" and e.to_version == 2)
        assert (deploy.actor, deploy.surface, deploy.requested_by) == ("scheduler", "scheduler", "scheduler")
        # Each step ran as a job in the pool's processes (the approval carried out as a confirm job), not in the bot's.
        steps = {tool: _job_workers(bot.ctx, tool) for tool in ("validate_data", "train", "compare", "deploy")}
        assert [user for user, _ in steps["train"]] == ["scheduler"] and len(steps["deploy"]) == 2, steps
        assert all(pid != os.getpid() for ran in steps.values() for _, pid in ran), steps
    finally:
        bot.stop()


def _job_workers(ctx: object, tool: str) -> list[tuple[str, int]]:
    """(user, worker pid) of each finished job of `tool`, from the jobs table."""
    import sqlalchemy as sa

    from tools.state.jobs import jobs_table

    with ctx.state.engine.connect() as conn:  # type: ignore[attr-defined]
        rows = conn.execute(sa.select(jobs_table.c.user_id, jobs_table.c.worker).where(
            jobs_table.c.tool == tool, jobs_table.c.status == "done")).all()
    return [(user, int(worker.rpartition(":")[2])) for user, worker in rows]


def test_why_button_answers_in_the_alert_thread_with_the_ranked_features(home: Path, fake: FakeSlack,
                                                                         live: Path) -> None:
    bot = _bot(fake, live, monitor={"every": "1s", "channel": "C_ALERTS"}).start()
    try:
        alert = _incident_post(fake, channel="C_ALERTS")
        ts = alert.response["ts"]
        assert actions.ALERT_WHY in text_of(alert) and "Why?" in text_of(alert)
        incident_id = str(bot.ctx.state.open_incident_for("cancer", "drift").id)
        bot.click(actions.ALERT_WHY, incident_id, user=VIEWER, message_ts=ts, channel="C_ALERTS")  # read-only: anyone
        answer = fake.wait_for("chat.postMessage", lambda c: c.params.get("thread_ts") == ts
                               and "why from the alert" in text_of(c), timeout=90)
        body = text_of(answer)
        assert "impact (roc_auc)" in body and "estimated without labels (CBPE)" in body
        assert "window last=7d" in body  # the monitor's own window
        wait_until(lambda: any(u.thread_ts == ts and u.completed and "why-cancer" in str(u.filename)
                               for u in fake.uploads), what="the top feature's chart in the alert's thread")
    finally:
        bot.stop()


def _reply(fake: FakeSlack, needle: str, timeout: float = 60) -> object:
    """A slash command's answer, wherever Bolt sent it (response_url or a channel post)."""
    return wait_until(lambda: next((c for c in fake.calls if c.method in ("response_url", "chat.postMessage")
                                    and needle in text_of(c)), None), timeout=timeout, what=f"a reply with {needle!r}")


def test_useful_and_noise_buttons_store_each_verdict_and_monitors_shows_the_noise_rate(
        home: Path, fake: FakeSlack, live: Path) -> None:
    bot = _bot(fake, live, monitor={"every": "1s", "channel": "C_ALERTS"}).start()
    try:
        alert = _incident_post(fake, channel="C_ALERTS")
        ts, body = alert.response["ts"], text_of(alert)
        assert actions.ALERT_USEFUL in body and actions.ALERT_NOISE in body and "Noise" in body
        incident = bot.ctx.state.open_incident_for("cancer", "drift")
        bot.click(actions.ALERT_NOISE, str(incident.id), user=VIEWER, message_ts=ts, channel="C_ALERTS")  # anyone
        thanks = fake.wait_for("chat.postEphemeral", lambda c: c.params.get("user") == VIEWER, timeout=60)
        assert "as *noise*" in text_of(thanks) and f"#{incident.id}" in text_of(thanks)
        bot.click(actions.ALERT_USEFUL, str(incident.id), user=TRAINER, message_ts=ts, channel="C_ALERTS")
        bot.click(actions.ALERT_NOISE, str(incident.id), user=TRAINER, message_ts=ts, channel="C_ALERTS")  # changed mind
        wait_until(lambda: bot.ctx.state.incident_ratings(incident.id) == {VIEWER: "noise", TRAINER: "noise"},
                   what="both verdicts stored, the trainer's latest click", timeout=60)  # in whichever order they were handled
        # A click made a minute before the viewer's Noise, delivered after it (a retry): their verdict stays noise.
        bot.click(actions.ALERT_USEFUL, str(incident.id), user=VIEWER, message_ts=ts, channel="C_ALERTS",
                  at=int(time.time()) - 60)
        told = fake.wait_for("chat.postEphemeral", lambda c: c.params.get("user") == VIEWER and c is not thanks,
                             timeout=60)
        assert "as *noise*" in text_of(told), text_of(told)
        assert bot.ctx.state.incident_ratings(incident.id) == {VIEWER: "noise", TRAINER: "noise"}
        assert posts(fake, thread=ts) == [], "a verdict is told to its giver, not to the channel"
        bot.slash("monitors", user=VIEWER)
        shown = text_of(_reply(fake, "alerts 30d"))
        assert "100% of 1" in shown, shown
    finally:
        bot.stop()


def test_snooze_all_holds_alerts_through_a_restart_then_posts_one_summary(home: Path, fake: FakeSlack,
                                                                          tmp_path: Path) -> None:
    live = tmp_path / "calm.csv"
    write_live(live, shifted=CALM)
    config = {"monitor": {"every": "1s", "channel": "C_ALERTS"}}
    bot = _bot(fake, live, **config).start()
    try:
        bot.wait_checks(1)
        bot.slash("snooze all 10m", user=TRAINER)
        _reply(fake, "quiet until")
        write_live(live, shifted=DRIFTED)
        wait_until(lambda: bot.ctx.state.held_notices(), what="the new incident held, not posted")
    finally:
        bot.stop()
    assert bot.ctx.state.open_incident_for("cancer", "drift") is not None
    again = _bot(fake, live, **config).start()  # a restart inside the snooze
    try:
        snoozed = again.ctx.state.monitor("cancer")
        assert snoozed.snoozed_until.timestamp() > time.time(), "the restart came inside the snooze"
        # Time passes: the snooze ends 2 s from now, as if the ten minutes were nearly over (a short snooze typed
        # in the command could end before a restart on a busy machine, and a real wait costs the suite minutes).
        again.ctx.state.snooze_all(until=datetime.now(UTC) + timedelta(seconds=2), by=snoozed.snoozed_by or TRAINER)
        until = again.ctx.state.monitor("cancer").snoozed_until.timestamp()
        summary = fake.wait_for("chat.postMessage", lambda c: "While quiet" in text_of(c), timeout=90)
        assert summary.at >= until and not [c for c in posts(fake, top_level=True) if c.at < until
                                            and actions.ALERT_RETRAIN in text_of(c)], "nothing posted while snoozed"
        assert summary.params["channel"] == "C_ALERTS" and "snoozed by" in text_of(summary)
        assert "still open: its alert follows" in text_of(summary)
        alert = _incident_post(fake, channel="C_ALERTS")  # the incident still open gets its alert, with buttons
        assert "HIGH" in text_of(alert)
        again.wait_checks(3)
        assert sum("While quiet" in text_of(c) for c in posts(fake, top_level=True)) == 1, "one summary"
        assert sum(actions.ALERT_RETRAIN in text_of(c) for c in posts(fake, top_level=True)) == 1
    finally:
        again.stop()
