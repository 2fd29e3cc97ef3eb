"""Slack event ids already handled: a retried delivery is never acted on twice; old ids are pruned."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tools.state.base import claim_once, metadata, now as _now

# Slack retries an event for about an hour at most; a day covers that with room and keeps the table small.
KEEP_EVENTS = timedelta(days=1)


seen_events_table = sa.Table(
    "seen_events", metadata,
    sa.Column("event_id", sa.String(64), primary_key=True),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False, index=True),
)


class SeenEvents:
    engine: sa.Engine

    def first_sighting(self, event_id: str) -> bool:
        """True the first time an event id is seen; Slack retries deliver the same id again."""
        return claim_once(self.engine, seen_events_table, "event_id", event_id, keep=KEEP_EVENTS)

    def prune_events(self, *, older_than: timedelta = KEEP_EVENTS) -> int:
        with self.engine.begin() as conn:
            return conn.execute(seen_events_table.delete().where(
                seen_events_table.c.seen_at < _now() - older_than)).rowcount
