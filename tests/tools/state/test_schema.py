"""The state schema comes from the Alembic migrations, and they make exactly `tools.state.metadata`.

If `test_migrations_make_exactly_the_metadata` fails, a table or column was added or changed in tools/state/
without a migration: write one (README, "State schema and migrations") and chain it after the current head.
"""

from __future__ import annotations

import multiprocessing
from pprint import pformat
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from tools.state import StateStore, metadata
from tools.state.base import make_engine
from tools.state.migrate import BASELINE, alembic_config, current, head, upgrade


def test_migrations_have_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1, f"two migrations claim the same parent {heads}: set the newer one's down_revision"


def test_migrations_make_exactly_the_metadata(state_url: str) -> None:
    engine = make_engine(state_url, pool_size=1)
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    engine.dispose()
    assert diff == [], ("tools.state.metadata differs from what the migrations create; add a migration under "
                        "tools/state/migrations/versions/ (see README):\n" + pformat(diff))


def test_every_migration_downgrades_and_upgrades_again(state_url: str) -> None:
    engine = make_engine(state_url, pool_size=1)
    upgrade(engine)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
    assert set(sa.inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert current(engine) == head()
    assert set(metadata.tables) <= set(sa.inspect(engine).get_table_names())
    engine.dispose()


def test_a_database_made_before_migrations_is_adopted_with_its_rows(state_url: str) -> None:
    engine = make_engine(state_url, pool_size=1)
    with engine.begin() as conn:  # what create_all made on start before migrations existed
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, BASELINE)
        conn.execute(sa.text("DROP TABLE alembic_version"))
        conn.execute(sa.text("INSERT INTO seen_events (event_id, seen_at) VALUES ('Ev1', CURRENT_TIMESTAMP)"))
    engine.dispose()
    store = StateStore(state_url, pool_size=1)
    assert current(store.engine) == head()
    assert not store.first_sighting("Ev1"), "the old row survives the adoption"
    store.engine.dispose()


def test_a_job_store_apscheduler_made_before_its_migration_is_adopted_with_its_jobs(state_url: str) -> None:
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

    engine = make_engine(state_url, pool_size=1)
    with engine.begin() as conn:  # a database whose scheduler ran before the table was under migrations
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007_lock_owner")
    aps_store = SQLAlchemyJobStore(engine=engine, tablename="apscheduler_jobs")
    aps_store.jobs_t.create(engine)
    with engine.begin() as conn:
        conn.execute(aps_store.jobs_t.insert().values(id="monitor:cancer", next_run_time=1.0, job_state=b"state"))
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008_scheduler_jobs")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT id FROM apscheduler_jobs")).scalars().all() == ["monitor:cancer"]
    engine.dispose()
    store = StateStore(state_url, pool_size=1)
    assert current(store.engine) == head()
    with store.engine.connect() as conn:
        # 0009 empties the job store: its jobs named functions that moved; the scheduler adds them again.
        assert conn.execute(sa.text("SELECT id FROM apscheduler_jobs")).scalars().all() == []
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    store.engine.dispose()
    assert diff == [], pformat(diff)


def test_locks_events_and_replays_become_leases_and_claims_with_their_rows(state_url: str) -> None:
    engine = make_engine(state_url, pool_size=1)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0008_scheduler_jobs")
        conn.execute(sa.text("INSERT INTO locks (model, token, holder, tool, acquired_at, expires_at, heartbeat_at) "
                             "VALUES ('cancer', 'tok1', 'U1', 'train', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, "
                             "CURRENT_TIMESTAMP)"))
        conn.execute(sa.text("INSERT INTO seen_events (event_id, seen_at) VALUES ('Ev9', CURRENT_TIMESTAMP)"))
        conn.execute(sa.text("INSERT INTO replays (key, seen_at) VALUES ('k1', CURRENT_TIMESTAMP)"))
        conn.execute(sa.text("INSERT INTO incident_actions (incident_id, action, by, at) "
                             "VALUES (7, 'retrain', 'U2', CURRENT_TIMESTAMP)"))
    engine.dispose()
    store = StateStore(state_url, pool_size=1)
    lease = store.lease("model:cancer")
    assert lease is not None and (lease.token, lease.holder, lease.purpose) == ("tok1", "U1", "train")
    assert not store.first_sighting("Ev9")
    earlier = store.claim("alert_action", "7:retrain", by="U3")
    assert earlier is not None and earlier.by == "U2"
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT key FROM claims WHERE kind = 'request'")).scalars().all() == ["k1"]
    store.engine.dispose()


def _start_store(state_url: str, gate: Any, results: Any) -> None:
    """One process starting up: open (and so migrate) the state database once everyone is ready."""
    gate.wait(timeout=120)
    try:
        StateStore(state_url, pool_size=1).engine.dispose()
        results.put("ok")
    except BaseException as exc:  # noqa: BLE001 - reported to the test
        results.put(f"{type(exc).__name__}: {exc}")


def test_processes_starting_together_migrate_once(state_url: str) -> None:
    """Four processes (not threads: the claim is about processes, each with its own engine and import state)."""
    spawn = multiprocessing.get_context("spawn")
    gate, results = spawn.Barrier(4), spawn.Queue()
    processes = [spawn.Process(target=_start_store, args=(state_url, gate, results)) for _ in range(4)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=180) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert outcomes == ["ok"] * 4
    store = StateStore(state_url, pool_size=1)
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM alembic_version")).scalar() == 1
    assert current(store.engine) == head()
    store.engine.dispose()
