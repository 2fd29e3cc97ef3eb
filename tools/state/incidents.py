"""Incidents: one open per (model, kind), enforced by a unique key, and the message that tells of each."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from tools.state.base import metadata
from tools.state.base import now as _now
from tools.state.base import utc as _utc
from tools.monitoring.digest import Note
from tools.monitoring.noise import AlertStats, Verdict, tally
from tools.monitoring.postmortem import IncidentEvent
from tools.monitoring.quiet import HeldNotice
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
    sa.Column("acknowledged_at", sa.DateTime(timezone=True)),  # the first person to act on it, and when
    sa.Column("acknowledged_by", sa.String(64)),
    sa.Column("root_cause", sa.Text),  # JSON: `why`'s ranking when it opened (tools/monitoring/postmortem.py)
    sa.Column("postmortem", sa.Text),  # JSON: written once, when it is resolved
)

incident_events_table = sa.Table(
    "incident_events", metadata,  # what people did about an incident from its alert: the postmortem's timeline
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("incident_id", sa.Integer, nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("by", sa.String(64), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),  # the tool the button or command ran: train, why, snooze…
    sa.Column("detail", sa.Text, nullable=False),
)

digest_notes_table = sa.Table(
    "digest_notes", metadata,  # low-severity findings waiting for their channel's daily digest
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("model", sa.String(64), nullable=False, index=True),
    sa.Column("channel", sa.String(64)),
    sa.Column("incident_id", sa.Integer, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),  # why it is a note, not a page
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("digested_at", sa.DateTime(timezone=True)),  # NULL until a digest told of it
)

alert_feedback_table = sa.Table(
    "alert_feedback", metadata,  # one verdict per person and incident: a second click changes it
    sa.Column("incident_id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.String(64), primary_key=True),
    sa.Column("model", sa.String(64), nullable=False, index=True),
    sa.Column("verdict", sa.String(8), nullable=False),  # useful | noise
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

held_notices_table = sa.Table(
    "held_notices", metadata,  # what was not posted while a model was quiet, until one summary tells of it
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("model", sa.String(64), nullable=False, index=True),
    sa.Column("channel", sa.String(64)),
    sa.Column("incident_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),  # open | follow_up | resolve
    sa.Column("severity", sa.String(16), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("reason", sa.String(128), nullable=False),  # "snoozed by U1", "quiet window weekend"
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("released_at", sa.DateTime(timezone=True)),  # NULL until a summary told of it
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

    def rate_incident(self, incident_id: int, *, model: str, user: str, verdict: Verdict,
                      at: datetime | None = None) -> None:
        """Store `user`'s verdict on an incident, replacing an earlier one: earlier by `at` (when they gave it, now
        if not known), so of two clicks handled out of order the later click still stands."""
        values = {"model": model, "verdict": verdict, "at": at or _now()}
        try:
            with self.engine.begin() as conn:
                conn.execute(alert_feedback_table.insert().values(incident_id=incident_id, user_id=user, **values))
        except sa.exc.IntegrityError:  # they rated it before: the verdict given last stands
            with self.engine.begin() as conn:
                conn.execute(alert_feedback_table.update().where(
                    alert_feedback_table.c.incident_id == incident_id,
                    alert_feedback_table.c.user_id == user,
                    alert_feedback_table.c.at <= values["at"]).values(**values))

    def incident_ratings(self, incident_id: int) -> dict[str, Verdict]:
        """Each person's verdict on one incident."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(alert_feedback_table.c.user_id, alert_feedback_table.c.verdict).where(
                alert_feedback_table.c.incident_id == incident_id)).all()
        return {user: verdict for user, verdict in rows}

    def alert_stats(self, *, since: datetime) -> dict[str, AlertStats]:
        """Per model: incidents opened since `since`, how many were rated, how many of those were noise."""
        with self.engine.connect() as conn:
            opened = conn.execute(sa.select(incidents_table.c.id, incidents_table.c.model).where(
                incidents_table.c.opened_at >= since)).all()
            ids = [i for i, _ in opened]
            votes = conn.execute(sa.select(alert_feedback_table.c.incident_id, alert_feedback_table.c.verdict).where(
                alert_feedback_table.c.incident_id.in_(ids))).all() if ids else []
        by_incident: dict[int, list[Verdict]] = {}
        for incident_id, verdict in votes:
            by_incident.setdefault(incident_id, []).append(verdict)
        stats: dict[str, AlertStats] = {}
        models: dict[str, dict[int, list[Verdict]]] = {}
        for incident_id, model in opened:
            models.setdefault(model, {})[incident_id] = by_incident.get(incident_id, [])
        for model, incidents in models.items():
            rated, noise = tally(incidents)
            stats[model] = AlertStats(alerts=len(incidents), rated=rated, noise=noise)
        return stats

    def hold_notice(self, *, model: str, channel: str | None, incident_id: int, kind: str, severity: str,
                    summary: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(held_notices_table.insert().values(
                model=model, channel=channel, incident_id=incident_id, kind=kind, severity=severity, summary=summary,
                reason=reason, at=_now()))

    def held_notices(self) -> list[HeldNotice]:
        """What is held and not yet told, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(held_notices_table).where(held_notices_table.c.released_at.is_(None))
                                .order_by(held_notices_table.c.id)).mappings().all()
        return [HeldNotice(**{**row, "at": _utc(row["at"])}) for row in rows]

    def release_held(self, ids: list[int]) -> bool:
        """Mark held notices as told; False when another process told of them first (one summary, not two)."""
        return self._mark_once(held_notices_table, held_notices_table.c.released_at, ids)

    def acknowledge(self, incident_id: int, *, by: str) -> bool:
        """The first person to act on an open incident acknowledges it; True only for that first one."""
        with self.engine.begin() as conn:
            result = conn.execute(incidents_table.update().where(
                incidents_table.c.id == incident_id, incidents_table.c.acknowledged_at.is_(None),
                incidents_table.c.status == "open",
            ).values(acknowledged_at=_now(), acknowledged_by=by))
        return result.rowcount == 1

    def record_incident_event(self, incident_id: int, *, by: str, action: str, detail: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(incident_events_table.insert().values(incident_id=incident_id, at=_now(), by=by,
                                                               action=action, detail=detail[:500]))

    def incident_events(self, incident_id: int) -> list[IncidentEvent]:
        """What people did from an incident's alert, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(incident_events_table).where(
                incident_events_table.c.incident_id == incident_id).order_by(incident_events_table.c.id)).mappings()
            return [IncidentEvent(at=_utc(r["at"]), by=r["by"], action=r["action"], detail=r["detail"]) for r in rows]

    def set_root_cause(self, incident_id: int, root_cause: dict[str, Any]) -> None:
        self._set(incident_id, root_cause=json.dumps(root_cause, default=str))

    def set_postmortem(self, incident_id: int, postmortem: dict[str, Any]) -> None:
        self._set(incident_id, postmortem=json.dumps(postmortem, default=str))

    def add_note(self, *, model: str, channel: str | None, incident_id: int, summary: str, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(digest_notes_table.insert().values(model=model, channel=channel, incident_id=incident_id,
                                                            summary=summary, reason=reason, at=_now()))

    def notes_due(self) -> list[Note]:
        """Notes no digest has told of yet, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(digest_notes_table).where(digest_notes_table.c.digested_at.is_(None))
                                .order_by(digest_notes_table.c.id)).mappings().all()
        return [Note(**{**{k: v for k, v in row.items() if k != "digested_at"}, "at": _utc(row["at"])})
                for row in rows]

    def digest_notes(self, ids: list[int]) -> bool:
        """Mark notes as told; False when another process told of them first (one digest, not two)."""
        return self._mark_once(digest_notes_table, digest_notes_table.c.digested_at, ids)

    def _mark_once(self, table: sa.Table, column: sa.Column[Any], ids: list[int]) -> bool:
        if not ids:
            return False
        try:
            with self.engine.begin() as conn:
                result = conn.execute(table.update().where(table.c.id.in_(ids), column.is_(None))
                                      .values({column.name: _now()}))
                if result.rowcount != len(ids):
                    raise _Told  # rolls the whole update back
        except _Told:
            return False
        return True

    def _set(self, incident_id: int, **values: Any) -> None:
        with self.engine.begin() as conn:
            conn.execute(incidents_table.update().where(incidents_table.c.id == incident_id).values(**values))


class _Told(Exception):
    """Another process released some of these held notices (or digest notes) first."""


def _incident(row: Any) -> Incident:
    return Incident(**{
        **{k: v for k, v in row.items() if k != "open_key"}, "details": json.loads(row["details"]),
        "opened_at": _utc(row["opened_at"]), "last_posted_at": _utc(row["last_posted_at"]),
        "resolved_at": _utc(row["resolved_at"]) if row["resolved_at"] else None,
        "acknowledged_at": _utc(row["acknowledged_at"]) if row["acknowledged_at"] else None,
        "root_cause": json.loads(row["root_cause"]) if row["root_cause"] else None,
        "postmortem": json.loads(row["postmortem"]) if row["postmortem"] else None,
    })
