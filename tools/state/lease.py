"""The scheduler lease: a row naming the one process allowed to run scheduled jobs, kept alive by heartbeats.

APScheduler 3 cannot share its job store between schedulers, so exactly one may run. Whoever holds an
unexpired lease is the scheduler; the others stand by and take over once it has expired (a holder that
stops cleanly releases it at once). Plain UPDATE/INSERT, so it works the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tools.state.base import metadata, now as _now, utc as _utc
from tools.state.records import LeaseInfo

leases_table = sa.Table(
    "leases", metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("holder", sa.String(128), nullable=False),
    sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)


class Leases:
    engine: sa.Engine

    def hold_lease(self, name: str, *, holder: str, ttl: timedelta) -> bool:
        """Take the lease if it is free or expired, or renew it if `holder` has it; one statement either way."""
        now = _now()
        table = leases_table
        with self.engine.begin() as conn:
            renewed = conn.execute(table.update().where(
                table.c.name == name, table.c.holder == holder, table.c.expires_at >= now,
            ).values(heartbeat_at=now, expires_at=now + ttl))
            if renewed.rowcount == 1:
                return True
            taken = conn.execute(table.update().where(table.c.name == name, table.c.expires_at < now).values(
                holder=holder, acquired_at=now, heartbeat_at=now, expires_at=now + ttl))
            if taken.rowcount == 1:
                return True
        try:
            with self.engine.begin() as conn:
                conn.execute(table.insert().values(name=name, holder=holder, acquired_at=now, heartbeat_at=now,
                                                   expires_at=now + ttl))
            return True
        except sa.exc.IntegrityError:
            return False

    def release_lease(self, name: str, *, holder: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(leases_table.delete().where(leases_table.c.name == name, leases_table.c.holder == holder))

    def lease(self, name: str) -> LeaseInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(leases_table).where(leases_table.c.name == name)).mappings().first()
        if row is None:
            return None
        return LeaseInfo(**{**row, **{k: _utc(row[k]) for k in ("acquired_at", "heartbeat_at", "expires_at")}})
