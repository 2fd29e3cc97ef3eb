"""Incidents: one open per (model, kind), enforced by a unique key, and the message that tells of each."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from tools.state.base import metadata
from tools.state.base import now as _now
from tools.state.base import utc as _utc
from tools.state.records import Incident, Kind, Severity  # noqa: F401 - re-exported

SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}

incidents_table = sa.Table(
    "incidents", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("model", sa.String(64), nullable=False, index=True),
    sa.Column("kind", sa.String(16), nullable=False),
    # "<model>:<kind>" while open, NULL once resolved: the unique index allows one open incident per pair
    # on SQLite and PostgreSQL alike (both let many rows hold NULL).
    sa.Column("open_key", sa.String(96), unique=True),
    sa.Column("status", sa.String(16), nullable=False),  # open | resolved
    sa.Column("severity", sa.String(16), nullable=False),  # as last seen by a check
    sa.Column("posted_severity", sa.String(16), nullable=False),  # as last said in Slack
    sa.Column("version", sa.Integer),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("details", sa.Text, nullable=False),  # JSON: what the check found
    sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_posted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("resolved_at", sa.DateTime(timezone=True)),
    sa.Column("channel", sa.String(64)),
    sa.Column("message_ts", sa.String(32)),
)

class Incidents:
    engine: sa.Engine

    def open_incident(self, *, model: str, kind: Kind, severity: Severity, summary: str, details: dict[str, Any],
                      version: int | None, channel: str | None) -> Incident | None:
        """A new open incident, or None when (model, kind) already has one: the database decides, not a read."""
        now = _now()
        try:
            with self.engine.begin() as conn:
                new_id = conn.execute(incidents_table.insert().values(
                    model=model, kind=kind, open_key=f"{model}:{kind}", status="open", severity=severity,
                    posted_severity=severity, version=version, summary=summary,
                    details=json.dumps(details, default=str), opened_at=now, last_posted_at=now, channel=channel,
                )).inserted_primary_key[0]
        except sa.exc.IntegrityError:
            return None
        return self.incident(new_id)

    def incident(self, incident_id: int) -> Incident | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(incidents_table).where(incidents_table.c.id == incident_id)).mappings().first()
        return _incident(row) if row else None

    def open_incident_for(self, model: str, kind: Kind) -> Incident | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(incidents_table).where(
                incidents_table.c.open_key == f"{model}:{kind}")).mappings().first()
        return _incident(row) if row else None

    def incidents(self, *, model: str | None = None, open_only: bool = True, limit: int = 50) -> list[Incident]:
        query = sa.select(incidents_table).order_by(incidents_table.c.id.desc()).limit(limit)
        if open_only:
            query = query.where(incidents_table.c.status == "open")
        if model is not None:
            query = query.where(incidents_table.c.model == model)
        with self.engine.connect() as conn:
            return [_incident(r) for r in conn.execute(query).mappings()]

    def attach_incident_message(self, incident_id: int, *, channel: str, message_ts: str) -> None:
        self._set(incident_id, channel=channel, message_ts=message_ts)

    def saw_severity(self, incident_id: int, severity: Severity, *, summary: str, details: dict[str, Any]) -> None:
        self._set(incident_id, severity=severity, summary=summary, details=json.dumps(details, default=str))

    def posted(self, incident_id: int, severity: Severity) -> None:
        self._set(incident_id, posted_severity=severity, last_posted_at=_now())

    def resolve_incident(self, incident_id: int) -> bool:
        """Only one caller resolves an incident (and so posts the resolution)."""
        with self.engine.begin() as conn:
            result = conn.execute(incidents_table.update().where(
                incidents_table.c.id == incident_id, incidents_table.c.status == "open",
            ).values(status="resolved", open_key=None, resolved_at=_now()))
        return result.rowcount == 1

    def _set(self, incident_id: int, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(incidents_table.update().where(incidents_table.c.id == incident_id).values(**values))


def _incident(row: Any) -> Incident:
    return Incident(**{
        **{k: v for k, v in row.items() if k != "open_key"}, "details": json.loads(row["details"]),
        "opened_at": _utc(row["opened_at"]), "last_posted_at": _utc(row["last_posted_at"]),
        "resolved_at": _utc(row["resolved_at"]) if row["resolved_at"] else None,
    })
