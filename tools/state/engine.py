"""One SQLAlchemy engine per state URL: driver chosen for PostgreSQL, pool sized for replicas, SQLite pragmas."""

from __future__ import annotations

import importlib.util
from typing import Any

import sqlalchemy as sa

DEFAULT_POOL_SIZE = 5


def normalise_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here: SQLAlchemy's default driver (psycopg2) is not installed."""
    if url.startswith(("postgresql://", "postgres://")) and importlib.util.find_spec("psycopg2") is None:
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql", "postgres:"))


def make_engine(url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> sa.Engine:
    """An engine on `url`. On PostgreSQL each replica keeps at most `pool_size` + `pool_size // 2` connections,
    so N replicas stay under the server's max_connections (see README, Running in production)."""
    url = normalise_url(url)
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
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
