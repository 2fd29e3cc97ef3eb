"""Quiet windows and snoozes hold what would be posted and release one summary per channel (across a restart);
Useful / Noise verdicts are one per person and incident and add up to each monitor's noise rate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from pipelines.errors import ConfigError
from tests.conftest import run
from tools.access import Caller
from tools.config import demo_config, parse_config
from tools.monitoring import quiet
from tools.monitoring.alerting import Notice
from tools.monitoring.settings import MonitorSpec, QuietWindow
from tools.state import StateStore

LOCAL = Caller(user_id="cli:test", surface="cli", trusted=True)
SAT_NOON = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)  # a Saturday


def _at(days: float, hour: int, minute: int = 0) -> datetime:
    return SAT_NOON.replace(hour=hour, minute=minute) + timedelta(days=days)


def test_a_quiet_window_by_day_across_midnight_and_in_its_time_zone() -> None:
    weekend = QuietWindow(name="weekend", days=["sat", "sun"])
    assert weekend.contains(SAT_NOON) and weekend.contains(_at(1, 23, 59))
    assert not weekend.contains(_at(2, 0, 0)) and not weekend.contains(_at(-1, 23, 59))  # Monday, Friday
    nightly = QuietWindow(name="deploy", days=["fri"], start="22:00", end="06:00")
    assert nightly.contains(_at(-1, 22, 0)) and nightly.contains(_at(0, 5, 59))  # Friday night into Saturday
    assert not nightly.contains(_at(0, 6, 0)) and not nightly.contains(_at(0, 23, 0)) and not nightly.contains(_at(-1, 5))
    paris = QuietWindow(name="paris", start="02:00", end="03:00", timezone="Europe/Paris")  # UTC+1 in December
    assert paris.contains(_at(0, 1, 30)) and not paris.contains(_at(0, 2, 30))
    assert QuietWindow(name="one model", models=["wine"]).applies_to("wine")
    assert not QuietWindow(name="one model", models=["wine"]).applies_to("cancer")


@pytest.mark.parametrize(("window", "message"), [
    ({"name": "w", "start": "25:00"}, "not a time of day"),
    ({"name": "w", "start": "10:00", "end": "10:00"}, "start and end are the same time"),
    ({"name": "w", "timezone": "Mars/Olympus"}, "not a time zone"),
    ({"name": "w", "days": ["someday"]}, "monitoring.quiet.0.days.0"),
])
def test_a_bad_quiet_window_is_refused_with_the_key_that_is_wrong(window: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config({**demo_config(), "monitoring": {"quiet": [window]}}, source_path="test")


def _ctx(state: StateStore, *windows: dict[str, Any]) -> Any:
    return SimpleNamespace(state=state, config=parse_config({**demo_config(), "monitoring": {"quiet": list(windows)}},
                                                            source_path="test"))


def _open(state: StateStore, model: str, kind: str = "drift", channel: str = "C1") -> Any:
    return state.open_incident(model=model, kind=kind, severity="medium", summary=f"{model} drifted",  # type: ignore[arg-type]
                               details={}, version=1, channel=channel)


def test_one_verdict_per_person_and_incident_and_the_noise_rate_counts_rated_alerts(state: StateStore) -> None:
    first, second, third = _open(state, "cancer"), _open(state, "cancer", "data"), _open(state, "wine")
    state.rate_incident(first.id, model="cancer", user="U1", verdict="useful")
    state.rate_incident(first.id, model="cancer", user="U1", verdict="noise")  # changed their mind
    state.rate_incident(first.id, model="cancer", user="U2", verdict="noise")
    state.rate_incident(second.id, model="cancer", user="U1", verdict="useful")
    assert state.incident_ratings(first.id) == {"U1": "noise", "U2": "noise"}
    stats = state.alert_stats(since=datetime.now(UTC) - timedelta(days=30))
    assert (stats["cancer"].alerts, stats["cancer"].rated, stats["cancer"].noise) == (2, 2, 1)
    assert stats["cancer"].noise_rate == 0.5
    assert (stats["wine"].alerts, stats["wine"].noise_rate) == (1, None), "an unrated alert is no verdict"
    assert third is not None
    assert state.alert_stats(since=datetime.now(UTC) + timedelta(minutes=1)) == {}


def test_of_two_verdicts_handled_out_of_order_the_one_given_last_stands(state: StateStore) -> None:
    incident = _open(state, "cancer")
    clicked = datetime.now(UTC) - timedelta(seconds=10)
    state.rate_incident(incident.id, model="cancer", user="U1", verdict="noise", at=clicked)
    state.rate_incident(incident.id, model="cancer", user="U1", verdict="useful", at=clicked - timedelta(seconds=2))
    assert state.incident_ratings(incident.id) == {"U1": "noise"}, "a click made earlier, handled later, changes nothing"
    state.rate_incident(incident.id, model="cancer", user="U1", verdict="useful", at=clicked + timedelta(seconds=1))
    assert state.incident_ratings(incident.id) == {"U1": "useful"}
    state.rate_incident(incident.id, model="cancer", user="U1", verdict="noise")  # no click time: now, the latest
    assert state.incident_ratings(incident.id) == {"U1": "noise"}


def test_held_notices_survive_a_restart_and_end_in_one_summary_per_channel(state: StateStore, state_url: str) -> None:
    for model, channel in (("cancer", "C1"), ("wine", "C1"), ("diabetes", "C2")):
        state.save_monitor(model, MonitorSpec(channel=channel), enabled=True, set_by="U1", surface="slack")
    ctx = _ctx(state, {"name": "always for diabetes", "models": ["diabetes"]})
    until = datetime.now(UTC) + timedelta(hours=1)
    assert state.snooze_all(until=until, by="U1") == ["cancer", "diabetes", "wine"]
    assert quiet.reason(ctx, state.monitor("cancer")) == "snoozed by U1"
    opened = {m: _open(state, m, channel=c) for m, c in (("cancer", "C1"), ("wine", "C1"), ("diabetes", "C2"))}
    for model, incident in opened.items():
        quiet.hold(ctx, state.monitor(model), [Notice(kind="open", incident=incident)], why="snoozed by U1")
    state.resolve_incident(opened["wine"].id)
    quiet.hold(ctx, state.monitor("wine"), [Notice(kind="resolve", incident=state.incident(opened["wine"].id))],
               why="snoozed by U1")
    assert quiet.release(ctx) == ([], []), "nothing is told while the models are quiet"

    restarted = StateStore(state_url, pool_size=2)  # a new process: the held notices are in the database
    try:
        ctx = _ctx(restarted, {"name": "always for diabetes", "models": ["diabetes"]})
        restarted.snooze_all(until=datetime.now(UTC) - timedelta(seconds=1), by="U1")  # the snooze has ended
        assert quiet.reason(ctx, restarted.monitor("diabetes")) == "quiet window always for diabetes"
        summaries, owed = quiet.release(ctx)
        assert [(s.channel, sorted(s.incidents), [h.kind for h in s.held]) for s in summaries] == [
            ("C1", sorted([opened["cancer"].id, opened["wine"].id]), ["open", "open", "resolve"])]
        assert [(n.kind, n.incident.model) for n in owed] == [("open", "cancer")], \
            "the still-open incident gets its alert; one opened and resolved while quiet is only in the summary"
        assert quiet.release(ctx) == ([], []), "told once"
        assert [h.model for h in restarted.held_notices()] == ["diabetes"], "still inside its quiet window"
    finally:
        restarted.engine.dispose()


def test_snooze_all_quiets_every_monitor_and_a_model_needs_a_monitor(ctx: Any) -> None:
    refused = run(ctx, "snooze all 1h", LOCAL)
    assert refused.status == "refused" and "No model is monitored" in refused.message
    ctx.state.save_monitor("cancer", MonitorSpec(), enabled=True, set_by="U1", surface="slack")
    ctx.state.save_monitor("wine", MonitorSpec(), enabled=True, set_by="U1", surface="slack")
    done = run(ctx, "snooze all 2h", LOCAL)
    assert done.status == "done" and done.result.models == ["cancer", "wine"]
    assert all(ctx.state.monitor(m).snoozed for m in ("cancer", "wine"))
    assert run(ctx, "snooze diabetes 1h", LOCAL).status == "refused"
    assert run(ctx, "snooze nosuch 1h", LOCAL).status == "refused"
