"""Agent conversation memory: the messages of each thread, and which thread proposed which approval."""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from tools.state.base import metadata
from tools.state.base import now as _now

agent_memory_table = sa.Table(
    "agent_memory", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("thread", sa.String(128), nullable=False, index=True),  # e.g. slack:C123:1700000000.000100
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("message", sa.Text, nullable=False),  # one chat message as a plain JSON dict
)

agent_approvals_table = sa.Table(
    "agent_approvals", metadata,
    sa.Column("approval_id", sa.String(32), primary_key=True),
    sa.Column("thread", sa.String(128), nullable=False),
)


class ThreadMemory:
    engine: sa.Engine

    def remember(self, thread: str, messages: list[dict[str, Any]]) -> None:
        """Append messages to a thread in one transaction, so a crash never keeps half a turn."""
        if not messages:
            return
        at = _now()
        with self.engine.begin() as conn:
            conn.execute(agent_memory_table.insert(), [
                {"thread": thread, "at": at, "message": json.dumps(m, default=str)} for m in messages])

    def recall(self, thread: str, *, limit: int = 80) -> list[dict[str, Any]]:
        """The thread's last `limit` messages, oldest first."""
        query = (sa.select(agent_memory_table.c.message).where(agent_memory_table.c.thread == thread)
                 .order_by(agent_memory_table.c.id.desc()).limit(limit))
        with self.engine.connect() as conn:
            rows = [r[0] for r in conn.execute(query)]
        return [json.loads(r) for r in reversed(rows)]

    def link_approval(self, approval_id: str, thread: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(agent_approvals_table.insert().values(approval_id=approval_id, thread=thread))

    def thread_of_approval(self, approval_id: str) -> str | None:
        query = sa.select(agent_approvals_table.c.thread).where(agent_approvals_table.c.approval_id == approval_id)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar()
