"""Monitoring's state on SQLite and PostgreSQL, beyond the races in test_state_store: lease renewal, loss and
release; incident kinds, resolution and reopening; config monitors seeded once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.support.waiting import wait_until
from tests.tools.state.test_store import race
from tools.monitoring.settings import MonitorSpec
from tools.state import StateStore
from tools.state.leases import Lease, LeaseHeld


def test_one_lease_holder_renewal_expiry_and_release(state: StateStore) -> None:
    ttl = timedelta(seconds=1)
    first = state.take("scheduler", holder="first", purpose="scheduler", ttl=ttl)
    assert state.renew("scheduler", first.token, ttl=ttl), "the holder renews"
    with pytest.raises(LeaseHeld):  # a standby waits while it is fresh
        state.take("scheduler", holder="standby", purpose="scheduler", ttl=ttl)

    def take_over() -> Lease | None:
        try:
            return state.take("scheduler", holder="standby", purpose="scheduler", ttl=ttl)
        except LeaseHeld:
            return None

    standby = wait_until(take_over, timeout=5, what="the standby to take over once the lease expired", every=0.1)
    assert not state.renew("scheduler", first.token, ttl=ttl), "the old holder lost it"
    state.release("scheduler", standby.token)
    assert state.lease("scheduler") is None


def test_incident_kinds_claims_resolution_and_reopening(state: StateStore) -> None:
    def open_one() -> object:
        return state.open_incident(model="cancer", kind="drift", severity="medium", summary="s", details={"top": []},
                                   version=1, channel="C1")

    incident = open_one()
    assert incident is not None and open_one() is None
    assert state.open_incident(model="cancer", kind="monitoring", severity="high", summary="s", details={},
                               version=None, channel="C1") is not None, "another kind may be open beside it"
    key = f"{incident.id}:retrain"
    assert state.claim("alert_action", key, by="U1") is None
    assert state.claim("alert_action", key, by="U2").by == "U1"
    state.release_claim("alert_action", key)  # a refused run gives the button back
    assert state.claim("alert_action", key, by="U2") is None
    results, _ = race(lambda: state.resolve_incident(incident.id))
    assert results.count(True) == 1, "one resolver posts the resolution"
    assert open_one() is not None, "once resolved, a new incident may open"


def test_a_config_monitor_seeds_once_and_a_change_from_slack_wins(state: StateStore) -> None:
    assert state.seed_monitor("cancer", MonitorSpec(every="1h"))
    state.save_monitor("cancer", MonitorSpec(every="5m"), enabled=False, set_by="U1", surface="slack")
    assert not state.seed_monitor("cancer", MonitorSpec(every="1h"))
    monitor = state.monitor("cancer")
    assert (monitor.settings.every, monitor.enabled, monitor.set_by) == ("5m", False, "U1")
