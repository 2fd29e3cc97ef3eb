"""The audit trail: every executed action, who asked, who approved, what changed."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from pydantic import BaseModel

from tools.state.base import metadata
from tools.state.base import now as _now
from tools.state.base import utc as _utc

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


class AuditLog:
    engine: sa.Engine

    def audit(self, *, actor: str, surface: str, tool: str, model: str | None, args: dict[str, Any],
              outcome: str, message: str | None = None, from_version: int | None = None,
              to_version: int | None = None, approval_id: str | None = None, requested_by: str | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(audit_table.insert().values(
                at=_now(), actor=actor, surface=surface, tool=tool, model=model, args=json.dumps(args, default=str),
                from_version=from_version, to_version=to_version, outcome=outcome, message=message,
                approval_id=approval_id, requested_by=requested_by,
            ))

    def audit_trail(self, *, model: str | None = None, limit: int = 50, tool: str | None = None,
                    since: datetime | None = None) -> list[AuditEntry]:
        query = sa.select(audit_table).order_by(audit_table.c.id.desc()).limit(limit)
        if model is not None:
            query = query.where(audit_table.c.model == model)
        if tool is not None:
            query = query.where(audit_table.c.tool == tool)
        if since is not None:
            query = query.where(audit_table.c.at >= since)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [AuditEntry(**{**row, "args": json.loads(row["args"]), "at": _utc(row["at"])}) for row in rows]
