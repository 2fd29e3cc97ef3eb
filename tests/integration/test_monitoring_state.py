"""Monitoring's state on SQLite and PostgreSQL: one lease holder, one open incident per (model, kind), one claim
per button, under races."""

from __future__ import annotations

import time
from datetime import timedelta

from pipelines.config import MonitorSpec
from tests.integration.test_state_store import race
from tools.state import StateStore


def test_one_lease_holder_renewal_expiry_and_release(state: StateStore) -> None:
    ttl = timedelta(seconds=1)
    results, errors = race(lambda: state.hold_lease("scheduler", holder=f"h{time.perf_counter_ns()}", ttl=ttl))
    assert not errors and results.count(True) == 1, "exactly one of the racers holds the lease"
    holder = state.lease("scheduler").holder
    assert state.hold_lease("scheduler", holder=holder, ttl=ttl), "the holder renews"
    assert not state.hold_lease("scheduler", holder="standby", ttl=ttl), "a standby waits while it is fresh"
    deadline = time.monotonic() + 5
    while not state.hold_lease("scheduler", holder="standby", ttl=ttl):
        assert time.monotonic() < deadline, "the standby takes over once the lease expired"
        time.sleep(0.1)
    assert not state.hold_lease("scheduler", holder=holder, ttl=ttl), "the old holder lost it"
    state.release_lease("scheduler", holder="standby")
    assert state.lease("scheduler") is None


def test_one_open_incident_per_model_and_kind_and_one_claim_per_button(state: StateStore) -> None:
    def open_one() -> object:
        return state.open_incident(model="cancer", kind="drift", severity="medium", summary="s", details={"top": []},
                                   version=1, channel="C1")

    results, errors = race(open_one)
    assert not errors and sum(r is not None for r in results) == 1
    incident = state.open_incident_for("cancer", "drift")
    assert state.open_incident(model="cancer", kind="monitoring", severity="high", summary="s", details={},
                               version=None, channel="C1") is not None, "another kind may be open beside it"
    claims, errors = race(lambda: state.claim_action(incident.id, "retrain", by="U1"))
    assert not errors and claims.count(None) == 1
    results, _ = race(lambda: state.resolve_incident(incident.id))
    assert results.count(True) == 1, "one resolver posts the resolution"
    assert open_one() is not None, "once resolved, a new incident may open"


def test_a_config_monitor_seeds_once_and_a_change_from_slack_wins(state: StateStore) -> None:
    assert state.seed_monitor("cancer", MonitorSpec(every="1h"))
    state.save_monitor("cancer", MonitorSpec(every="5m"), enabled=False, set_by="U1", surface="slack")
    assert not state.seed_monitor("cancer", MonitorSpec(every="1h"))
    monitor = state.monitor("cancer")
    assert (monitor.settings.every, monitor.enabled, monitor.set_by) == ("5m", False, "U1")
