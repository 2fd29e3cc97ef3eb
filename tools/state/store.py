"""The bot's own durable state in SQL: one engine, one mixin per table group."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from tools.state.approvals import Approvals
from tools.state.audit import AuditLog
from tools.state.base import metadata
from tools.state.events import SeenEvents
from tools.state.locks import Locks


class StateStore(AuditLog, Approvals, Locks, SeenEvents):
    def __init__(self, url: str) -> None:
        kwargs: dict[str, Any] = {}
        if url.startswith("sqlite"):
            kwargs["connect_args"] = {"timeout": 30, "check_same_thread": False}
        self.engine = sa.create_engine(url, **kwargs)
        if url.startswith("sqlite"):
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
