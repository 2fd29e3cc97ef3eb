"""The state store's behaviour, the same on SQLite and PostgreSQL: single-use claims and leases hold under races."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tools.errors import ApprovalError
from tools.state import StateStore
from tools.state.leases import LeaseHeld

CANCER = "model:cancer"
RACERS = 20


def race(fn: Callable[[], Any], n: int = RACERS) -> tuple[list[Any], list[BaseException]]:
    """Run `fn` in n threads released together; what each returned, and what each raised."""
    gate = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []

    def one() -> None:
        gate.wait()
        try:
            results.append(fn())
        except BaseException as exc:  # noqa: BLE001 - the caller asserts on them
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results, errors


def _propose(state: StateStore, ttl: timedelta = timedelta(minutes=15)) -> Any:
    return state.propose(tool="deploy", model="cancer", args={"model": "cancer", "version": 2}, plan={"to": 2},
                         requested_by="U1", surface="slack", ttl=ttl)


def test_approval_round_trips_with_aware_times(state: StateStore) -> None:
    proposed = _propose(state)
    stored = state.approval(proposed.id)
    assert stored.args == {"model": "cancer", "version": 2} and stored.plan == {"to": 2}
    assert stored.expires_at.tzinfo is not None and stored.expires_at > datetime.now(UTC)
    assert [a.id for a in state.pending_approvals(model="cancer")] == [proposed.id]


def test_an_approval_clicked_by_twenty_at_once_is_claimed_once(state: StateStore) -> None:
    approval = _propose(state)
    won, lost = race(lambda: state.decide(approval.id, by=f"U{threading.get_ident()}", status="approved"))
    assert len(won) == 1 and len(lost) == RACERS - 1
    assert all(isinstance(e, ApprovalError) for e in lost), lost
    assert state.approval(approval.id).decided_by == won[0].decided_by
    assert state.pending_approvals() == []


def test_an_expired_approval_cannot_be_claimed(state: StateStore) -> None:
    approval = _propose(state, ttl=timedelta(seconds=-1))
    with pytest.raises(ApprovalError, match="expired"):
        state.decide(approval.id, by="U2", status="approved")
    assert state.approval(approval.id).status == "expired"


def test_a_model_lease_is_taken_by_exactly_one_of_twenty(state: StateStore) -> None:
    won, lost = race(lambda: state.take(CANCER, holder="racer", purpose="train"))
    assert len(won) == 1 and len(lost) == RACERS - 1
    assert all(isinstance(e, LeaseHeld) for e in lost), lost
    state.release(CANCER, won[0].token)
    state.release(CANCER, state.take(CANCER, holder="next", purpose="train").token)


def test_a_lease_of_another_model_or_an_expired_one_does_not_block(state: StateStore) -> None:
    state.take("model:wine", holder="a", purpose="train")
    state.take(CANCER, holder="a", purpose="train", ttl=timedelta(seconds=-1))
    assert state.take(CANCER, holder="b", purpose="train").took_over is not None
    with pytest.raises(LeaseHeld) as held_by:
        state.take(CANCER, holder="c", purpose="deploy")
    assert held_by.value.current.holder == "b"


def test_a_retried_event_is_seen_first_exactly_once(state: StateStore) -> None:
    sightings, errors = race(lambda: state.first_sighting("Ev42"))
    assert errors == [] and sorted(sightings) == [False] * (RACERS - 1) + [True]


def test_audit_trail_newest_first_per_model(state: StateStore) -> None:
    for tool, model in (("train", "cancer"), ("train", "wine"), ("deploy", "cancer")):
        state.audit(actor="U1", surface="slack", tool=tool, model=model, args={"model": model}, outcome="ok")
    trail = state.audit_trail(model="cancer")
    assert [e.tool for e in trail] == ["deploy", "train"]
    assert trail[0].at.tzinfo is not None and trail[0].args == {"model": "cancer"}


def _hold(state: StateStore, holder: str, ttl: timedelta) -> bool:
    try:
        state.take("scheduler", holder=holder, purpose="scheduler", ttl=ttl)
    except LeaseHeld:
        return False
    return True


def test_the_scheduler_lease_has_one_holder_among_twenty(state: StateStore) -> None:
    ttl = timedelta(seconds=30)
    held, errors = race(lambda: _hold(state, f"p{threading.get_ident()}", ttl))
    assert errors == [] and sorted(held) == [False] * (RACERS - 1) + [True]
    lease = state.lease("scheduler")
    assert state.renew("scheduler", lease.token, ttl=ttl), "the holder renews"
    assert not _hold(state, "standby", ttl)


def test_an_expired_lease_is_taken_by_exactly_one_standby(state: StateStore) -> None:
    assert _hold(state, "dead", timedelta(seconds=-1))
    held, errors = race(lambda: _hold(state, f"p{threading.get_ident()}", timedelta(seconds=30)))
    assert errors == [] and held.count(True) == 1
    assert state.lease("scheduler").holder != "dead"


def test_an_incident_is_opened_once_and_its_button_acts_once(state: StateStore) -> None:
    opened, errors = race(lambda: state.open_incident(model="cancer", kind="drift", severity="medium", summary="s",
                                                      details={}, version=1, channel="C1"))
    assert errors == [] and len([i for i in opened if i is not None]) == 1
    incident = state.open_incident_for("cancer", "drift")
    claims, errors = race(lambda: state.claim("alert_action", f"{incident.id}:retrain", by=f"U{threading.get_ident()}"))
    assert errors == [] and claims.count(None) == 1
    resolved, _ = race(lambda: state.resolve_incident(incident.id))
    assert resolved.count(True) == 1


def test_one_online_test_per_model_even_when_started_at_once(state: StateStore) -> None:
    from pipelines.errors import UserError

    started, errors = race(lambda: state.start_abtest(model="cancer", mode="split", share=0.5, production_version=1,
                                                      challenger_version=2, by="U1"))
    assert len(started) == 1, f"{len(started)} tests running at once"
    assert all(isinstance(e, UserError) and "already running" in str(e) for e in errors), errors
    assert state.running_abtest("cancer").id == started[0].id


def test_monitor_checks_are_counted_exactly_under_concurrency(state: StateStore) -> None:
    from tools.monitoring.settings import MonitorSpec

    state.save_monitor("cancer", MonitorSpec(every="1h"), enabled=True, set_by="U1", surface="cli")
    _, errors = race(lambda: state.record_check("cancer", result="healthy", message=None, failures=0))
    assert errors == [] and state.monitor("cancer").checks == RACERS


def test_on_sqlite_a_commit_outlives_the_process_that_made_it(tmp_path: Any) -> None:
    """WAL at synchronous=NORMAL: no fsync per commit (an ack writes two rows), yet a proposal committed just before
    its process is killed with SIGKILL is there for the next process."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'state.db'}"
    write_then_die = (
        "import os, signal, sys\n"
        "from datetime import timedelta\n"
        "from tools.state import StateStore\n"
        "store = StateStore(sys.argv[1])\n"
        "store.propose(tool='deploy', model='cancer', args={'model': 'cancer', 'version': 2}, plan={'to': 2},\n"
        "              requested_by='U1', surface='slack', ttl=timedelta(minutes=15))\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", write_then_die, url], capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr
    store = StateStore(url)
    try:
        assert [a.requested_by for a in store.pending_approvals(model="cancer")] == ["U1"]
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    finally:
        store.engine.dispose()
