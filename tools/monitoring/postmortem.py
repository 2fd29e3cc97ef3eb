"""The postmortem of a resolved incident, written once when it resolves and posted in its thread: the timeline
(opened, acknowledged, what people did and when, resolved), time to acknowledge and to resolve, `why`'s ranking
as it stood when the incident opened, and the versions involved.

Acknowledged means the first person who acted on the alert (any of its buttons, or `rate`). Actions are the
alert's button clicks (recorded with the incident) and the changes to the model the audit log holds for the
incident's lifetime (train, deploy, rollback, snooze, monitor…, from any surface), each once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from pipelines.monitor.result import FeatureCause

if TYPE_CHECKING:
    from pipelines.monitor.result import RootCause
    from tools.context import Context
    from tools.state.records import Incident

TOP_CAUSES = 5
SAME_ACTION = timedelta(minutes=5)  # a click and the audit row of the change it made are one action


class IncidentEvent(BaseModel):
    """One thing a person did from an incident's alert."""

    at: datetime
    by: str
    action: str  # the tool it ran: train, compare, why, snooze, rate_alert
    detail: str


class OpeningCause(BaseModel):
    """`why` when the incident opened: its verdict and the top drifted features by impact."""

    verdict: str
    basis: str  # realised | estimated | none
    metric: str | None = None
    window: str
    features: list[FeatureCause]


class Step(BaseModel):
    at: datetime
    what: str
    by: str | None = None


class Postmortem(BaseModel):
    incident: int
    model: str
    kind: str
    severity: str
    summary: str
    opened_at: datetime
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    resolved_at: datetime
    time_to_acknowledge: float | None  # seconds; None: nobody acted on it before it resolved
    time_to_resolve: float
    timeline: list[Step]
    root_cause: OpeningCause | None
    versions: list[int]  # every version involved: production at opening, trained, deployed or rolled back to
    production_at_open: int | None
    production_at_resolve: int | None


def opening_cause(found: RootCause) -> OpeningCause:
    return OpeningCause(
        verdict=found.verdict,
        basis=found.estimated_impact.basis,
        metric=found.estimated_impact.metric,
        window=found.window,
        features=found.features[:TOP_CAUSES],
    )


def write(ctx: Context, incident: Incident, *, production_now: int | None = None) -> Postmortem:
    """The postmortem of `incident` (resolved), stored with it. `production_now`: production's version as the
    resolving check saw it, when a check resolved it."""
    resolved = incident.resolved_at or incident.opened_at
    events = ctx.state.incident_events(incident.id)
    audited = [
        e for e in ctx.state.audit_trail(model=incident.model, since=incident.opened_at, limit=200) if e.at <= resolved
    ]
    steps = [Step(at=incident.opened_at, what=f"opened ({incident.severity}): {incident.summary[:300]}", by="monitor")]
    if incident.acknowledged_at is not None:
        steps.append(Step(at=incident.acknowledged_at, what="acknowledged", by=incident.acknowledged_by))
    for event in events:
        steps.append(
            Step(
                at=event.at,
                what=f"{_verb(event.action)} from the alert" + (f": {event.detail}" if event.detail else ""),
                by=event.by,
            )
        )
    for entry in sorted(audited, key=lambda e: e.at):
        if any(
            ev.by == entry.actor and ev.action == entry.tool and abs(ev.at - entry.at) <= SAME_ACTION for ev in events
        ):
            continue  # the click above made it
        versions = _moved(entry.from_version, entry.to_version)
        steps.append(Step(at=entry.at, what=f"{_verb(entry.tool)}{versions} ({entry.outcome})", by=entry.actor))
    steps.append(
        Step(
            at=resolved,
            what="resolved: the latest check is healthy again"
            if incident.kind != "data"
            else "resolved: a new batch passed validation",
            by="monitor",
        )
    )
    steps.sort(key=lambda s: s.at)
    involved = {v for e in audited for v in (e.from_version, e.to_version) if v is not None}
    moves = [e for e in sorted(audited, key=lambda e: e.at) if e.tool in ("deploy", "rollback") and e.to_version]
    at_resolve = production_now if production_now is not None else (moves[-1].to_version if moves else incident.version)
    involved |= {v for v in (incident.version, at_resolve) if v is not None}
    ack = incident.acknowledged_at if incident.acknowledged_at and incident.acknowledged_at <= resolved else None
    postmortem = Postmortem(
        incident=incident.id,
        model=incident.model,
        kind=incident.kind,
        severity=incident.severity,
        summary=incident.summary,
        opened_at=incident.opened_at,
        acknowledged_at=ack,
        acknowledged_by=incident.acknowledged_by if ack else None,
        resolved_at=resolved,
        time_to_acknowledge=(ack - incident.opened_at).total_seconds() if ack else None,
        time_to_resolve=(resolved - incident.opened_at).total_seconds(),
        timeline=steps,
        root_cause=incident.root_cause,
        versions=sorted(involved),
        production_at_open=incident.version,
        production_at_resolve=at_resolve,
    )
    ctx.state.set_postmortem(incident.id, postmortem.model_dump(mode="json"))
    return postmortem


def duration(seconds: float | None) -> str:
    """A duration as people say it: 45s, 12m, 3h 05m, 2d 4h; "—" when there is none."""
    if seconds is None:
        return "—"
    s = int(round(seconds))
    if s < 60:
        return f"{s}s"
    if s < 3600:
        return f"{s // 60}m {s % 60:02d}s"
    if s < 86400:
        return f"{s // 3600}h {s % 3600 // 60:02d}m"
    return f"{s // 86400}d {s % 86400 // 3600}h"


def _verb(tool: str) -> str:
    words: dict[str, Any] = {
        "train": "retrained",
        "compare": "compared",
        "why": "asked why",
        "snooze": "snoozed",
        "rate_alert": "rated",
        "deploy": "deployed",
        "rollback": "rolled back",
        "monitor": "changed the monitor",
        "tune": "tuned",
    }
    return words.get(tool, tool)


def _moved(before: int | None, after: int | None) -> str:
    if before is not None and after is not None:
        return f" v{before} → v{after}"
    return f" v{after}" if after is not None else ""
