"""The bot's own durable state in SQL: one engine, one mixin per table group, schema from the migrations."""

from __future__ import annotations

from tools.state import predictions as _prediction_log  # noqa: F401 - puts the log table in metadata
from tools.state.abtests import ABTests
from tools.state.approvals import Approvals
from tools.state.audit import AuditLog
from tools.state.engine import DEFAULT_POOL_SIZE, make_engine
from tools.state.events import SeenEvents
from tools.state.incidents import Incidents
from tools.state.jobs import Jobs
from tools.state.lease import Leases
from tools.state.locks import Locks
from tools.state.memory import ThreadMemory
from tools.state.migrate import upgrade
from tools.state.monitors import Monitors
from tools.state.replay import Replays


class StateStore(AuditLog, Approvals, Locks, SeenEvents, Replays, ABTests, Monitors, Incidents, Leases, ThreadMemory, Jobs):
    def __init__(self, url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.engine = make_engine(url, pool_size=pool_size)
        upgrade(self.engine)
