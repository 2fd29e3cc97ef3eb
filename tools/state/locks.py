"""Per-model action locks in the database, so CLI, replicas and scheduler all respect them."""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa

from pipelines.errors import Busy
from tools.state.base import metadata, now as _now, utc as _utc

locks_table = sa.Table(
    "locks", metadata,
    sa.Column("model", sa.String(64), primary_key=True),
    sa.Column("token", sa.String(32), nullable=False),
    sa.Column("holder", sa.String(64), nullable=False),
    sa.Column("tool", sa.String(32), nullable=False),
    sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)


class Locks:
    engine: sa.Engine

    def acquire(self, model: str, *, holder: str, tool: str, ttl: timedelta = timedelta(hours=1)) -> str:
        """A lock per model, in the database so CLI, replicas and scheduler all respect it."""
        token = secrets.token_hex(8)
        now = _now()
        with self.engine.begin() as conn:
            conn.execute(locks_table.delete().where(locks_table.c.model == model, locks_table.c.expires_at < now))
            try:
                conn.execute(locks_table.insert().values(model=model, token=token, holder=holder, tool=tool,
                                                         acquired_at=now, expires_at=now + ttl))
                return token
            except sa.exc.IntegrityError:
                pass
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(locks_table).where(locks_table.c.model == model)).mappings().first()
        held = f": {row['tool']} by {row['holder']} since {_utc(row['acquired_at']):%H:%M:%S} UTC" if row else ""
        raise Busy(f"Model {model} is busy{held}. Try again when it finishes.")

    def release(self, model: str, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(locks_table.delete().where(locks_table.c.model == model, locks_table.c.token == token))
