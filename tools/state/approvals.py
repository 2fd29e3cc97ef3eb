"""Approvals: stored, single-use, expiring proposals of a mutating call."""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel

from tools.errors import ApprovalError
from tools.state.base import metadata
from tools.state.base import now as _now
from tools.state.base import utc as _utc

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


class Approvals:
    engine: sa.Engine

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

    def decide(self, approval_id: str, *, by: str, status: str) -> Approval:
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

    def in_flight(self, *, model: str) -> list[Approval]:
        """Approvals claimed but never finished: claimed under the model's lock and finished before its release,
        so one still "approved" once that lock's holder is gone was cut off by a crash."""
        with self.engine.connect() as conn:
            ids = [r[0] for r in conn.execute(sa.select(approvals_table.c.id).where(
                approvals_table.c.status == "approved", approvals_table.c.model == model))]
        return [self.approval(i) for i in ids]

    def settle(self, approval_id: str, *, status: str, outcome: str) -> bool:
        """Finish an interrupted approval, only if it is still in flight (its own process may have got there)."""
        return self._set_status(approval_id, status, from_status="approved", outcome=outcome)

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


def _said(status: str) -> str:
    return {"done": "approved and carried out", "failed": "approved (it failed)", "approved": "approved"}.get(status, status)
