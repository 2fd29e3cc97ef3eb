"""The state's records as plain pydantic models, and the clock they are stamped with: no SQLAlchemy here, so a
command line that only declares the tools (whose results carry these) never imports the database layer."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel

from tools.monitoring.postmortem import OpeningCause, Postmortem
from tools.monitoring.settings import MonitorSpec
from tools.work.owner import ProcessId

MODEL_LEASE = "model:"
SCHEDULER_LEASE = "scheduler"
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
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    root_cause: OpeningCause | None = None  # `why` when it opened
    postmortem: Postmortem | None = None  # written when it was resolved


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
    """A lease as it stands: who holds it, for what, since when, which process, and its last heartbeat."""

    name: str  # "model:<model>" or "scheduler"
    token: str
    holder: str  # who, in words: a user id, "mlops-bot" (recovery), the scheduler's holder name
    purpose: str  # what holds it: the tool using a model (train, deploy…), or "scheduler"
    acquired_at: datetime
    heartbeat_at: datetime
    expires_at: datetime  # the last heartbeat plus the holder's stated limit
    owner: ProcessId | None = None
    notice: dict[str, Any] | None = None  # where the holder told people it works, for whoever cleans up after it

    @property
    def model(self) -> str | None:
        return self.name.removeprefix(MODEL_LEASE) if self.name.startswith(MODEL_LEASE) else None

    def why_stale(self, *, now: datetime) -> str | None:
        """Why the owner is gone, or None while it may still be working: a dead process on this host, or no
        heartbeat within the limit the holder stated (`expires_at`), wherever it runs."""
        if self.owner is not None and self.owner.alive() is False:
            return f"its process {self.owner.pid} on {self.owner.host} is gone"
        if now > self.expires_at:
            limit = int((self.expires_at - self.heartbeat_at).total_seconds())
            return f"no heartbeat since {self.heartbeat_at:%H:%M:%S} UTC (limit {limit} s)"
        return None


def model_lease(model: str) -> str:
    """The name of a model's lease: one action per model at a time."""
    return MODEL_LEASE + model
