"""Quiet: a snoozed model or a quiet window from the config. Checks still run and incidents are recorded, but what
would have been posted is held in the state database; once the model is no longer quiet, one summary per channel
tells what happened, and the incidents still open get their usual alert (with its buttons).

Held notices live in the database, so a restart inside a window loses nothing and posts nothing early.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from tools.state.records import Incident, Monitor, now

if TYPE_CHECKING:
    from tools.context import Context
    from tools.monitoring.alerting import Notice


class HeldNotice(BaseModel):
    """One thing that was not posted because its model was quiet."""

    id: int
    model: str
    channel: str | None
    incident_id: int
    kind: str  # open | follow_up | resolve
    severity: str
    summary: str
    reason: str
    at: datetime


class QuietSummary(BaseModel):
    """What happened in one channel while its models were quiet: one message when the quiet ends."""

    channel: str
    held: list[HeldNotice]
    incidents: dict[int, Incident]  # each incident held notices name, as it stands now

    @property
    def since(self) -> datetime:
        return min(h.at for h in self.held)

    @property
    def reasons(self) -> list[str]:
        return sorted({h.reason for h in self.held})


def reason(ctx: Context, monitor: Monitor, *, at: datetime | None = None) -> str | None:
    """Why `monitor`'s findings are not posted now ("snoozed by U1", "quiet window weekend"), or None."""
    if monitor.snoozed:
        return f"snoozed by {monitor.snoozed_by or 'someone'}"
    at = at or now()
    for window in ctx.config.monitoring.quiet:
        if window.applies_to(monitor.model) and window.contains(at):
            return f"quiet window {window.name}"
    return None


def hold(ctx: Context, monitor: Monitor, notices: list[Notice], *, why: str) -> int:
    """Keep `notices` for the summary instead of posting them; a severity change held counts as said."""
    for notice in notices:
        incident = notice.incident
        ctx.state.hold_notice(model=monitor.model, channel=incident.channel or monitor.settings.channel,
                              incident_id=incident.id, kind=notice.kind, severity=incident.severity,
                              summary=incident.summary, reason=why)
        if notice.kind == "follow_up":
            ctx.state.posted(incident.id, incident.severity)  # the summary tells of it: no follow-up after
    return len(notices)


def release(ctx: Context) -> tuple[list[QuietSummary], list[Notice]]:
    """What to post for every model no longer quiet: one summary per channel, then each incident's own message
    where it is still owed (an incident opened in the quiet and still open; a posted one resolved in it)."""
    from tools.monitoring.alerting import Notice

    held = ctx.state.held_notices()
    monitors = {m.model: m for m in ctx.state.monitors()}
    due: list[HeldNotice] = []
    for h in held:
        monitor = monitors.get(h.model)
        if monitor is None or not monitor.enabled or reason(ctx, monitor) is None:
            due.append(h)
    if not due or not ctx.state.release_held([h.id for h in due]):
        return [], []
    incidents = {i: ctx.state.incident(i) for i in sorted({h.incident_id for h in due})}
    by_channel: dict[str, list[HeldNotice]] = {}
    for h in due:
        if h.channel:
            by_channel.setdefault(h.channel, []).append(h)
    summaries = [QuietSummary(channel=channel, held=items,
                              incidents={i: incidents[i] for i in {h.incident_id for h in items} if incidents[i]})
                 for channel, items in by_channel.items()]
    owed: list[Notice] = []
    for incident_id, incident in incidents.items():
        if incident is None:
            continue
        if incident.status == "open" and incident.message_ts is None:
            owed.append(Notice(kind="open", incident=incident))
        elif incident.status == "resolved" and incident.message_ts and any(
                h.incident_id == incident_id and h.kind == "resolve" for h in due):
            owed.append(Notice(kind="resolve", incident=incident))
    return summaries, owed
