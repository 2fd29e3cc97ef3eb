"""Slack event ids already handled: a retried delivery is never acted on twice."""

from __future__ import annotations

import sqlalchemy as sa

from tools.state.base import metadata, now as _now

seen_events_table = sa.Table(
    "seen_events", metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
)


class SeenEvents:
    engine: sa.Engine

    def first_sighting(self, event_id: str) -> bool:
        """True the first time an event id is seen; Slack retries deliver the same id again."""
        try:
            with self.engine.begin() as conn:
                conn.execute(seen_events_table.insert().values(event_id=event_id, seen_at=_now()))
            return True
        except sa.exc.IntegrityError:
            return False
