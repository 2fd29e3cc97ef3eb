"""The state schema is what Alembic's migrations (tools/state/migrations/) make it, upgraded once, under a lock.

Every process calls `upgrade` when it opens the store; the first to find the schema behind migrates it while the
others wait (an advisory lock on PostgreSQL, a lock file beside a SQLite database), then they see it current.
"""

from __future__ import annotations

import functools
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
BASELINE = "0001_initial"  # the tables that existed before migrations; older databases are stamped with it
_PG_LOCK_KEY = 0x6D6C6F7073  # "mlops": one advisory lock id for schema changes, whatever the database name


def upgrade(engine: sa.Engine) -> None:
    """Bring the schema to the newest migration; cheap when it already is."""
    if current(engine) == head():
        return
    from alembic import command

    with _schema_lock(engine) as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        tables = set(sa.inspect(conn).get_table_names())
        if "alembic_version" not in tables and "approvals" in tables:
            command.stamp(cfg, BASELINE)  # created by create_all before migrations existed
        command.upgrade(cfg, "head")


def current(engine: sa.Engine) -> str | None:
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
    except sa.exc.DBAPIError:
        return None  # no table yet: a new database


@functools.cache
def head() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"state migrations have {len(heads)} heads {heads}: point the newest migration's "
                           "down_revision at the previous one")
    return heads[0]


def alembic_config(url: str | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextmanager
def _schema_lock(engine: sa.Engine) -> Iterator[sa.Connection]:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:  # released at commit, also if this process dies mid-migration
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
            yield conn
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        with engine.begin() as conn:
            yield conn
        return
    from tools.state.files import setup_lock

    with setup_lock(f"sqlite:///{database}"), engine.begin() as conn:
        yield conn
