"""Claims: a key taken once, by one atomic INSERT (the primary key decides, on every replica alike).

A Slack event id (retried deliveries), a signed request (exact replays: Slack's signature has no nonce and a slash
command no event id), an alert's button per incident (double clicks): whoever inserts first acts, the others find
it taken. Keys of the kinds that expire are pruned now and then.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Literal

import sqlalchemy as sa
from pydantic import BaseModel

from tools.state.base import metadata
from tools.state.base import now as _now
from tools.state.base import utc as _utc

Kind = Literal["event", "request", "alert_action"]
# Slack retries an event for about an hour: a day covers it. A request's timestamp is accepted for five minutes:
# twice that. An alert's button stays claimed (a later click must hear who acted).
KEEP: dict[str, timedelta | None] = {"event": timedelta(days=1), "request": timedelta(minutes=10),
                                     "alert_action": None}
PRUNE_EVERY = 100

claims_table = sa.Table(
    "claims", metadata,
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("key", sa.String(128), primary_key=True),
    sa.Column("by", sa.String(64)),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False, index=True),
)


def _prune_due() -> bool:
    """About one claim in PRUNE_EVERY also clears its kind's expired keys, so no timer is needed for it."""
    return secrets.randbelow(PRUNE_EVERY) == 0


class Claim(BaseModel):
    kind: str
    key: str
    by: str | None
    at: datetime


class Claims:
    engine: sa.Engine

    def claim(self, kind: Kind, key: str, *, by: str | None = None) -> Claim | None:
        """None when this caller now holds `key`; else the claim that was there first."""
        at = _now()
        try:
            with self.engine.begin() as conn:
                conn.execute(claims_table.insert().values(kind=kind, key=key, by=by, at=at))
        except sa.exc.IntegrityError:
            with self.engine.connect() as conn:
                row = conn.execute(sa.select(claims_table).where(claims_table.c.kind == kind,
                                                                 claims_table.c.key == key)).mappings().first()
            # Released between our insert and this read: someone else's claim all the same.
            return Claim(**{**row, "at": _utc(row["at"])}) if row else Claim(kind=kind, key=key, by=None, at=at)
        keep = KEEP[kind]
        if keep is not None and _prune_due():
            self.prune_claims(kind, older_than=keep)
        return None

    def release_claim(self, kind: Kind, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(claims_table.delete().where(claims_table.c.kind == kind, claims_table.c.key == key))

    def prune_claims(self, kind: Kind, *, older_than: timedelta) -> int:
        with self.engine.begin() as conn:
            return conn.execute(claims_table.delete().where(claims_table.c.kind == kind,
                                                            claims_table.c.at < _now() - older_than)).rowcount

    def first_sighting(self, event_id: str) -> bool:
        """True the first time a Slack event id is seen; a retried delivery carries the same id."""
        return self.claim("event", event_id) is None

    def first_delivery(self, timestamp: str, signature: str) -> bool:
        """True the first time this signed request arrives; False for a replay."""
        return self.claim("request", request_key(timestamp, signature)) is None


def request_key(timestamp: str, signature: str) -> str:
    return hashlib.sha256(f"{timestamp}:{signature}".encode()).hexdigest()
