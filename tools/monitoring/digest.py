"""The daily digest: drift without measured impact is a low-severity note, not a page (tools/monitoring/severity.py);
each channel gets one message a day listing its notes, posted by the scheduler at `[monitoring.severity]
digest_at`. Notes wait in the state database, so a restart loses none and a digest is told once; a note of a model
that is quiet at digest time waits for the next digest.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from pydantic import BaseModel

from tools.state.records import Incident

if TYPE_CHECKING:
    from tools.context import Context


class Note(BaseModel):
    """One low-severity finding waiting for its channel's digest."""

    id: int
    model: str
    channel: str | None
    incident_id: int
    summary: str
    reason: str
    at: datetime


class Digest(BaseModel):
    """One channel's notes since its last digest, each with its incident as it stands now."""

    channel: str
    notes: list[Note]
    incidents: dict[int, Incident]

    @property
    def models(self) -> list[str]:
        return sorted({n.model for n in self.notes})


def collect(ctx: Context) -> list[Digest]:
    """Every channel's digest due now (one per channel), the notes marked as told at once: another scheduler that
    collects at the same moment gets nothing. Notes without a channel are dropped (there is nowhere to tell)."""
    from tools.monitoring import quiet

    monitors = {m.model: m for m in ctx.state.monitors()}
    due = [
        n
        for n in ctx.state.notes_due()
        if (m := monitors.get(n.model)) is None or not m.enabled or quiet.reason(ctx, m) is None
    ]
    if not due or not ctx.state.digest_notes([n.id for n in due]):
        return []
    by_channel: dict[str, list[Note]] = {}
    for note in due:
        if note.channel:
            by_channel.setdefault(note.channel, []).append(note)
    digests = []
    for channel, notes in by_channel.items():
        incidents = {i: found for i in sorted({n.incident_id for n in notes}) if (found := ctx.state.incident(i))}
        digests.append(Digest(channel=channel, notes=notes, incidents=incidents))
    return digests
