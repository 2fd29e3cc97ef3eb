"""Per-model action locks in the database, with an owner and a heartbeat, so a dead holder never blocks a model.

CLI, replicas and the scheduler all respect the same row. A lock names the process that holds it (host, pid,
process start time) and carries a heartbeat the holder refreshes while the work runs; a lock whose owner is gone
(a dead pid on this host, or no heartbeat within the holder's stated limit, `STALE_AFTER` by default) is taken
over by the next caller.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel

from pipelines.errors import Busy
from tools.state.base import metadata, now as _now, utc as _utc

HEARTBEAT_EVERY = timedelta(seconds=5)
STALE_AFTER = timedelta(seconds=60)  # twelve missed beats: the holder is hung or on a host that is gone

_DEAD = "dead"

locks_table = sa.Table(
    "locks", metadata,
    sa.Column("model", sa.String(64), primary_key=True),
    sa.Column("token", sa.String(32), nullable=False),
    sa.Column("holder", sa.String(64), nullable=False),
    sa.Column("tool", sa.String(32), nullable=False),
    sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),  # heartbeat + STALE_AFTER
    sa.Column("host", sa.String(255)),
    sa.Column("pid", sa.Integer),
    sa.Column("pid_started", sa.String(32)),  # the owner's process start time: a reused pid is not the owner
    sa.Column("heartbeat_at", sa.DateTime(timezone=True)),
    sa.Column("notice", sa.Text),  # where the holder told people it is working (JSON), so a successor can clean up
)


class ProcessId(BaseModel):
    host: str
    pid: int
    started: str | None

    @classmethod
    def current(cls) -> ProcessId:
        return cls(host=socket.gethostname(), pid=os.getpid(), started=_process_started(os.getpid()))

    def alive(self) -> bool | None:
        """True/False for a process on this host; None when it lives elsewhere and only its heartbeat can tell."""
        if self.host != socket.gethostname():
            return None
        started = _process_started(self.pid)
        if started == _DEAD:
            return False
        if started is None:  # no /proc: only whether the pid exists can be told
            return not _gone(self.pid)
        return self.started is None or started == self.started


class LockInfo(BaseModel):
    model: str
    token: str
    holder: str
    tool: str
    acquired_at: datetime
    heartbeat_at: datetime
    expires_at: datetime  # the last heartbeat plus the holder's stated limit
    owner: ProcessId | None
    notice: dict[str, Any] | None = None

    def why_stale(self, *, now: datetime) -> str | None:
        """Why the owner is gone, or None while it may still be working: a dead process on this host, or no
        heartbeat within the limit the holder stated (`expires_at`), wherever it runs."""
        if self.owner is not None and self.owner.alive() is False:
            return f"its process {self.owner.pid} on {self.owner.host} is gone"
        if now > self.expires_at:
            limit = int((self.expires_at - self.heartbeat_at).total_seconds())
            return f"no heartbeat since {self.heartbeat_at:%H:%M:%S} UTC (limit {limit} s)"
        return None


class Lease(BaseModel):
    """A held lock; `took_over` is the dead holder's lock it replaced, for the caller to clean up after."""

    model: str
    token: str
    took_over: LockInfo | None = None
    reason: str | None = None


class Locks:
    engine: sa.Engine

    def acquire(self, model: str, *, holder: str, tool: str, ttl: timedelta | None = None) -> str:
        return self.take(model, holder=holder, tool=tool, stale_after=ttl or STALE_AFTER).token

    def take(self, model: str, *, holder: str, tool: str, stale_after: timedelta = STALE_AFTER) -> Lease:
        """Hold the model's lock, taking it over from a dead owner; Busy names a live one."""
        me = ProcessId.current()
        for _attempt in range(3):  # a takeover races only with another taker; one of them inserts
            token = secrets.token_hex(8)
            now = _now()
            try:
                with self.engine.begin() as conn:
                    conn.execute(locks_table.insert().values(
                        model=model, token=token, holder=holder, tool=tool, acquired_at=now,
                        expires_at=now + stale_after, heartbeat_at=now, host=me.host, pid=me.pid,
                        pid_started=me.started))
                return Lease(model=model, token=token)
            except sa.exc.IntegrityError:
                pass
            held = self.lock(model)
            if held is None:
                continue
            reason = held.why_stale(now=now)
            if reason is None:
                raise Busy(f"Model {model} is busy: {held.tool} by {held.holder} since "
                           f"{held.acquired_at:%H:%M:%S} UTC. Try again when it finishes.")
            token = secrets.token_hex(8)
            # One statement swaps the owner, conditioned on the dead owner's token: two takers cannot both win.
            with self.engine.begin() as conn:
                swapped = conn.execute(locks_table.update().where(
                    locks_table.c.model == model, locks_table.c.token == held.token,
                ).values(token=token, holder=holder, tool=tool, acquired_at=now, expires_at=now + stale_after,
                         heartbeat_at=now, host=me.host, pid=me.pid, pid_started=me.started, notice=None)).rowcount
            if swapped == 1:
                return Lease(model=model, token=token, took_over=held, reason=reason)
        raise Busy(f"Model {model} is busy: another action just took it. Try again in a moment.")

    def heartbeat(self, model: str, token: str, *, stale_after: timedelta = STALE_AFTER) -> bool:
        """Refresh the lock; False when it is no longer ours (released by an admin or taken over)."""
        now = _now()
        with self.engine.begin() as conn:
            return conn.execute(locks_table.update().where(
                locks_table.c.model == model, locks_table.c.token == token,
            ).values(heartbeat_at=now, expires_at=now + stale_after)).rowcount == 1

    def annotate(self, model: str, token: str, notice: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(locks_table.update().where(locks_table.c.model == model, locks_table.c.token == token)
                         .values(notice=json.dumps(notice)))

    def release(self, model: str, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(locks_table.delete().where(locks_table.c.model == model, locks_table.c.token == token))

    def force_release(self, model: str, *, token: str | None = None) -> LockInfo | None:
        """Remove the model's lock (only if it still has `token`, when given); the lock removed, if any."""
        held = self.lock(model)
        if held is None or (token is not None and held.token != token):
            return None
        with self.engine.begin() as conn:
            gone = conn.execute(locks_table.delete().where(locks_table.c.model == model,
                                                           locks_table.c.token == held.token)).rowcount
        return held if gone == 1 else None

    def lock(self, model: str) -> LockInfo | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(locks_table).where(locks_table.c.model == model)).mappings().first()
        return _info(row) if row else None

    def locks(self) -> list[LockInfo]:
        with self.engine.connect() as conn:
            return [_info(row) for row in conn.execute(sa.select(locks_table)).mappings()]

    def stale_locks(self) -> list[LockInfo]:
        now = _now()
        return [held for held in self.locks() if held.why_stale(now=now)]


def _info(row: Any) -> LockInfo:
    heartbeat = _utc(row["heartbeat_at"] or row["acquired_at"])
    owner = ProcessId(host=row["host"], pid=row["pid"], started=row["pid_started"]) if row["host"] else None
    return LockInfo(model=row["model"], token=row["token"], holder=row["holder"], tool=row["tool"],
                    acquired_at=_utc(row["acquired_at"]), heartbeat_at=heartbeat,
                    expires_at=_utc(row["expires_at"]), owner=owner,
                    notice=json.loads(row["notice"]) if row["notice"] else None)


def _process_started(pid: int) -> str | None:
    """The kernel's start time of `pid` in clock ticks since boot (Linux), `_DEAD`, or None without /proc."""
    if not os.path.isdir("/proc/self"):
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except OSError:
        return _DEAD
    if fields[0] in (b"Z", b"X"):  # killed and not yet reaped by its parent: it will never beat again
        return _DEAD
    return fields[19].decode()  # field 22 of stat(5), counted after the command name


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, owned by someone else
        return False
    return False
