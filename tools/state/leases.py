"""Leases: a named row saying which process may do something now, kept alive by its holder's heartbeat.

One concept for two uses: a model's lease (`model:<name>`: one action per model at a time, for the CLI, every
replica, the scheduler and the workers alike) and the scheduler's (`scheduler`: exactly one process runs the
monitors; APScheduler 3 cannot share its job store). A lease names its owner process (host, pid, start time) and
expires when its holder stops beating; an expired lease, or one whose owner is a dead process on this host, is
taken over by the next taker in one statement conditioned on the old token, so two takers never both win.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel

from tools.state.base import metadata
from tools.state.base import now as _now
from tools.state.base import utc as _utc
from tools.state.records import LeaseInfo
from tools.work.owner import ProcessId

HEARTBEAT_EVERY = timedelta(seconds=5)
STALE_AFTER = timedelta(seconds=60)  # twelve missed beats: the holder is hung or on a host that is gone

leases_table = sa.Table(
    "leases", metadata,
    sa.Column("name", sa.String(80), primary_key=True),
    sa.Column("token", sa.String(32), nullable=False),
    sa.Column("holder", sa.String(128), nullable=False),
    sa.Column("purpose", sa.String(32), nullable=False),
    sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),  # heartbeat + the holder's limit
    sa.Column("host", sa.String(255)),
    sa.Column("pid", sa.Integer),
    sa.Column("pid_started", sa.String(32)),  # the owner's process start time: a reused pid is not the owner
    sa.Column("notice", sa.Text),  # JSON: where the holder told people it is working
)


class Lease(BaseModel):
    """A lease this caller now holds; `took_over` is the dead holder's it replaced, for the caller to clean up."""

    name: str
    token: str
    took_over: LeaseInfo | None = None
    reason: str | None = None


class LeaseHeld(Exception):
    """A live owner holds the lease."""

    def __init__(self, current: LeaseInfo | None) -> None:
        super().__init__(current.name if current else "lease")
        self.current = current


class Leases:
    engine: sa.Engine

    def take(self, name: str, *, holder: str, purpose: str, ttl: timedelta = STALE_AFTER) -> Lease:
        """Hold the lease, taking it over from a gone owner; LeaseHeld names a live one."""
        me = ProcessId.current()
        for _attempt in range(3):  # a takeover races only with another taker; one of them wins
            token, now = secrets.token_hex(8), _now()
            mine = dict(token=token, holder=holder, purpose=purpose, acquired_at=now, heartbeat_at=now,
                        expires_at=now + ttl, host=me.host, pid=me.pid, pid_started=me.started)
            try:
                with self.engine.begin() as conn:
                    conn.execute(leases_table.insert().values(name=name, **mine))
                return Lease(name=name, token=token)
            except sa.exc.IntegrityError:
                pass
            held = self.lease(name)
            if held is None:
                continue
            reason = held.why_stale(now=now)
            if reason is None:
                raise LeaseHeld(held)
            with self.engine.begin() as conn:
                swapped = conn.execute(leases_table.update().where(
                    leases_table.c.name == name, leases_table.c.token == held.token,
                ).values(**mine, notice=None)).rowcount
            if swapped == 1:
                return Lease(name=name, token=token, took_over=held, reason=reason)
        raise LeaseHeld(self.lease(name))

    def renew(self, name: str, token: str, *, ttl: timedelta = STALE_AFTER) -> bool:
        """Beat: push the expiry on; False when the lease is no longer ours (released or taken over)."""
        now = _now()
        with self.engine.begin() as conn:
            return conn.execute(leases_table.update().where(
                leases_table.c.name == name, leases_table.c.token == token,
            ).values(heartbeat_at=now, expires_at=now + ttl)).rowcount == 1

    def annotate(self, name: str, token: str, notice: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(leases_table.update().where(leases_table.c.name == name, leases_table.c.token == token)
                         .values(notice=json.dumps(notice)))

    def release(self, name: str, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(leases_table.delete().where(leases_table.c.name == name, leases_table.c.token == token))

    def force_release(self, name: str, *, token: str | None = None) -> LeaseInfo | None:
        """Remove the lease (only if it still has `token`, when given); the lease removed, if any."""
        held = self.lease(name)
        if held is None or (token is not None and held.token != token):
            return None
        with self.engine.begin() as conn:
            gone = conn.execute(leases_table.delete().where(leases_table.c.name == name,
                                                            leases_table.c.token == held.token)).rowcount
        return held if gone == 1 else None

    def lease(self, name: str) -> LeaseInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(leases_table).where(leases_table.c.name == name)).mappings().first()
        return _info(row) if row else None

    def leases(self, *, prefix: str = "") -> list[LeaseInfo]:
        query = sa.select(leases_table)
        if prefix:
            query = query.where(leases_table.c.name.startswith(prefix, autoescape=True))
        with self.engine.connect() as conn:
            return [_info(row) for row in conn.execute(query).mappings()]

    def stale_leases(self, *, prefix: str = "") -> list[LeaseInfo]:
        now = _now()
        return [held for held in self.leases(prefix=prefix) if held.why_stale(now=now)]


def _info(row: Any) -> LeaseInfo:
    owner = ProcessId(host=row["host"], pid=row["pid"], started=row["pid_started"]) if row["host"] else None
    return LeaseInfo(name=row["name"], token=row["token"], holder=row["holder"], purpose=row["purpose"],
                     acquired_at=_utc(row["acquired_at"]), heartbeat_at=_utc(row["heartbeat_at"]),
                     expires_at=_utc(row["expires_at"]), owner=owner,
                     notice=json.loads(row["notice"]) if row["notice"] else None)
