"""One SQLAlchemy engine per state URL: driver chosen for PostgreSQL, pool sized for replicas, SQLite pragmas."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from pipelines.dburl import sqlalchemy_url

DEFAULT_POOL_SIZE = 5


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql", "postgres:"))


def make_engine(url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> sa.Engine:
    """An engine on `url`. On PostgreSQL each replica keeps at most `pool_size` + `pool_size // 2` connections,
    so N replicas stay under the server's max_connections (see README, Running in production)."""
    url = sqlalchemy_url(url)
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs: dict[str, Any] = {}
    if is_postgres(url):
        # pre_ping: a replica outlives a database restart; recycle: load balancers drop idle connections.
        kwargs = {"pool_size": pool_size, "max_overflow": pool_size // 2, "pool_timeout": 30,
                  "pool_pre_ping": True, "pool_recycle": 1800}
    return sa.create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")  # first: switching to WAL itself may wait for another process
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()
