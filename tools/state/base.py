"""What every state table shares: one SQLAlchemy metadata, UTC time."""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa

from tools.state.records import now, utc  # noqa: F401 - re-exported

metadata = sa.MetaData()


def claim_once(engine: sa.Engine, table: sa.Table, column: str, key: str, *, keep: timedelta,
               prune_every: int = 100) -> bool:
    """Insert `key` once (one atomic statement: the primary key decides); prune old keys now and then."""
    at = now()
    try:
        with engine.begin() as conn:
            conn.execute(table.insert().values(**{column: key, "seen_at": at}))
    except sa.exc.IntegrityError:
        return False
    if secrets.randbelow(prune_every) == 0:
        with engine.begin() as conn:
            conn.execute(table.delete().where(table.c.seen_at < at - keep))
    return True
