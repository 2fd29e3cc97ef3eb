"""The state's records as plain pydantic models, and the clock they are stamped with: no SQLAlchemy here, so a
command line that only declares the tools (whose results carry these) never imports the database layer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel

from pipelines.config import MonitorSpec

Kind = Literal["drift", "monitoring", "data"]
Severity = Literal["low", "medium", "high", "critical"]


def now() -> datetime:
    return datetime.now(UTC)


def utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Incident(BaseModel):
    id: int
    model: str
    kind: Kind
    status: Literal["open", "resolved"]
    severity: Severity
    posted_severity: Severity
    version: int | None
    summary: str
    details: dict[str, Any]
    opened_at: datetime
    last_posted_at: datetime
    resolved_at: datetime | None = None
    channel: str | None = None
    message_ts: str | None = None


class Monitor(BaseModel):
    model: str
    settings: MonitorSpec
    enabled: bool
    set_by: str
    surface: str
    updated_at: datetime
    last_check_at: datetime | None = None
    last_result: Literal["healthy", "finding", "failed", "snoozed"] | None = None
    last_message: str | None = None
    checks: int = 0
    failures: int = 0
    retry_after: datetime | None = None
    snoozed_until: datetime | None = None
    snoozed_by: str | None = None
    data_marker: dict[str, Any] | None = None

    @property
    def snoozed(self) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > now()


class LeaseInfo(BaseModel):
    name: str
    holder: str
    acquired_at: datetime
    heartbeat_at: datetime
    expires_at: datetime
