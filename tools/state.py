"""The bot's own durable state (audit trail, approvals, per-model locks, seen Slack events) in SQL."""

from __future__ import annotations

import json
import secrets
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel

from pipelines.errors import ApprovalError, Busy

metadata = sa.MetaData()

audit_table = sa.Table(
    "audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("surface", sa.String(16), nullable=False),
    sa.Column("tool", sa.String(32), nullable=False),
    sa.Column("model", sa.String(64), index=True),
    sa.Column("args", sa.Text, nullable=False),
    sa.Column("from_version", sa.Integer),
    sa.Column("to_version", sa.Integer),
    sa.Column("outcome", sa.String(16), nullable=False),  # ok | failed
    sa.Column("message", sa.Text),
    sa.Column("approval_id", sa.String(32)),
    sa.Column("requested_by", sa.String(64)),
)

approvals_table = sa.Table(
    "approvals", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("tool", sa.String(32), nullable=False),
    sa.Column("model", sa.String(64)),
    sa.Column("args", sa.Text, nullable=False),
    sa.Column("plan", sa.Text),
    sa.Column("requested_by", sa.String(64), nullable=False),
    sa.Column("surface", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # pending | approved | done | failed | cancelled | expired
    sa.Column("decided_by", sa.String(64)),
    sa.Column("decided_at", sa.DateTime(timezone=True)),
    sa.Column("outcome", sa.Text),
    sa.Column("channel", sa.String(32)),
    sa.Column("message_ts", sa.String(32)),
)

locks_table = sa.Table(
    "locks", metadata,
    sa.Column("model", sa.String(64), primary_key=True),
    sa.Column("token", sa.String(32), nullable=False),
    sa.Column("holder", sa.String(64), nullable=False),
    sa.Column("tool", sa.String(32), nullable=False),
    sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

seen_events_table = sa.Table(
    "seen_events", metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
)


class AuditEntry(BaseModel):
    id: int
    at: datetime
    actor: str
    surface: str
    tool: str
    model: str | None
    args: dict[str, Any]
    from_version: int | None
    to_version: int | None
    outcome: str
    message: str | None
    approval_id: str | None
    requested_by: str | None


class Approval(BaseModel):
    id: str
    tool: str
    model: str | None
    args: dict[str, Any]
    plan: dict[str, Any] | None
    requested_by: str
    surface: str
    created_at: datetime
    expires_at: datetime
    status: str
    decided_by: str | None = None
    decided_at: datetime | None = None
    outcome: str | None = None
    channel: str | None = None
    message_ts: str | None = None


class StateStore:
    def __init__(self, url: str) -> None:
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        self.engine = sa.create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)
        self._local_locks: dict[str, threading.Lock] = {}

    # --- audit -------------------------------------------------------------------------------------------
    def audit(self, *, actor: str, surface: str, tool: str, model: str | None, args: dict[str, Any],
              outcome: str, message: str | None = None, from_version: int | None = None,
              to_version: int | None = None, approval_id: str | None = None, requested_by: str | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(audit_table.insert().values(
                at=_now(), actor=actor, surface=surface, tool=tool, model=model, args=json.dumps(args, default=str),
                from_version=from_version, to_version=to_version, outcome=outcome, message=message,
                approval_id=approval_id, requested_by=requested_by,
            ))

    def audit_trail(self, *, model: str | None = None, limit: int = 50) -> list[AuditEntry]:
        query = sa.select(audit_table).order_by(audit_table.c.id.desc()).limit(limit)
        if model is not None:
            query = query.where(audit_table.c.model == model)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [AuditEntry(**{**row, "args": json.loads(row["args"]), "at": _utc(row["at"])}) for row in rows]

    # --- approvals ---------------------------------------------------------------------------------------
    def propose(self, *, tool: str, model: str | None, args: dict[str, Any], plan: dict[str, Any] | None,
                requested_by: str, surface: str, ttl: timedelta) -> Approval:
        now = _now()
        approval = Approval(id=secrets.token_hex(8), tool=tool, model=model, args=args, plan=plan,
                            requested_by=requested_by, surface=surface, created_at=now, expires_at=now + ttl,
                            status="pending")
        with self.engine.begin() as conn:
            conn.execute(approvals_table.insert().values(
                **{**approval.model_dump(), "args": json.dumps(args, default=str),
                   "plan": json.dumps(plan, default=str) if plan is not None else None}))
        return approval

    def approval(self, approval_id: str) -> Approval:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(approvals_table).where(approvals_table.c.id == approval_id)).mappings().first()
        if row is None:
            raise ApprovalError("That approval does not exist (it may belong to another installation).")
        return Approval(**{
            **row, "args": json.loads(row["args"]), "plan": json.loads(row["plan"]) if row["plan"] else None,
            "created_at": _utc(row["created_at"]), "expires_at": _utc(row["expires_at"]),
            "decided_at": _utc(row["decided_at"]) if row["decided_at"] else None,
        })

    def claim(self, approval_id: str, *, by: str, status: str) -> Approval:
        """Move a pending, unexpired approval to `status`; exactly one caller can ever win this."""
        approval = self.approval(approval_id)
        now = _now()
        if approval.status == "pending" and approval.expires_at <= now:
            self._set_status(approval_id, "expired", from_status="pending")
            raise ApprovalError(f"This approval expired at {approval.expires_at:%H:%M} UTC; nothing was changed. Ask again.")
        if approval.status != "pending":
            who = f" by {approval.decided_by}" if approval.decided_by else ""
            raise ApprovalError(f"This request was already {_said(approval.status)}{who}; nothing more was done.")
        if not self._set_status(approval_id, status, from_status="pending", decided_by=by, decided_at=now):
            raise ApprovalError("This request was already decided by someone else; nothing more was done.")
        return self.approval(approval_id)

    def finish(self, approval_id: str, *, status: str, outcome: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(approvals_table.update().where(approvals_table.c.id == approval_id)
                         .values(status=status, outcome=outcome))

    def attach_message(self, approval_id: str, *, channel: str, message_ts: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(approvals_table.update().where(approvals_table.c.id == approval_id)
                         .values(channel=channel, message_ts=message_ts))

    def pending_approvals(self, *, model: str | None = None) -> list[Approval]:
        query = sa.select(approvals_table.c.id).where(approvals_table.c.status == "pending")
        if model is not None:
            query = query.where(approvals_table.c.model == model)
        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(query)]
        return [a for a in (self.approval(i) for i in ids) if a.expires_at > _now()]

    def _set_status(self, approval_id: str, status: str, *, from_status: str, **values: Any) -> bool:
        with self.engine.begin() as conn:
            result = conn.execute(approvals_table.update().where(
                approvals_table.c.id == approval_id, approvals_table.c.status == from_status,
            ).values(status=status, **values))
        return result.rowcount == 1

    # --- locks -------------------------------------------------------------------------------------------
    def acquire(self, model: str, *, holder: str, tool: str, ttl: timedelta = timedelta(hours=1)) -> str:
        """A lock per model, in the database so CLI, replicas and scheduler all respect it."""
        token = secrets.token_hex(8)
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(locks_table.delete().where(locks_table.c.model == model, locks_table.c.expires_at < now))
            try:
                conn.execute(locks_table.insert().values(model=model, token=token, holder=holder, tool=tool,
                                                         acquired_at=now, expires_at=now + ttl))
                return token
            except sa.exc.IntegrityError:
                pass
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(locks_table).where(locks_table.c.model == model)).mappings().first()
        held = f": {row['tool']} by {row['holder']} since {_utc(row['acquired_at']):%H:%M:%S} UTC" if row else ""
        raise Busy(f"Model {model} is busy{held}. Try again when it finishes.")

    def release(self, model: str, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(locks_table.delete().where(locks_table.c.model == model, locks_table.c.token == token))

    # --- Slack event de-duplication ----------------------------------------------------------------------
    def first_sighting(self, event_id: str) -> bool:
        """True the first time an event id is seen; Slack retries deliver the same id again."""
        try:
            with self.engine.begin() as conn:
                conn.execute(seen_events_table.insert().values(event_id=event_id, seen_at=_now()))
            return True
        except sa.exc.IntegrityError:
            return False


def _said(status: str) -> str:
    return {"done": "approved and carried out", "failed": "approved (it failed)", "approved": "approved"}.get(status, status)


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
