"""Signed requests already handled: an exact replay of a slash command (same timestamp and signature) runs once.

Slack's signature has no nonce and slash commands carry no event id, so within the five minutes a timestamp
is accepted a captured request could be sent again. The key is a digest of (timestamp, signature); the table
is shared by every replica through the state DB and keeps keys only as long as a timestamp is accepted.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import sqlalchemy as sa

from tools.state.base import claim_once, metadata

KEEP_REQUESTS = timedelta(minutes=10)  # twice Slack's five-minute timestamp window

replays_table = sa.Table(
    "replays", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False, index=True),
)


class Replays:
    engine: sa.Engine

    def first_delivery(self, timestamp: str, signature: str) -> bool:
        """True the first time this signed request arrives; False for a replay."""
        key = hashlib.sha256(f"{timestamp}:{signature}".encode()).hexdigest()
        return claim_once(self.engine, replays_table, "key", key, keep=KEEP_REQUESTS)
