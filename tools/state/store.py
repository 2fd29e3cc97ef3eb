"""The bot's own durable state in SQL: one engine, one mixin per table group, schema from the migrations."""

from __future__ import annotations

from pipelines.data.prediction_log import predictions_table
from tools.state.abtests import ABTests
from tools.state.approvals import Approvals
from tools.state.audit import AuditLog
from tools.state.base import DEFAULT_POOL_SIZE, make_engine, metadata
from tools.state.claims import Claims
from tools.state.incidents import Incidents
from tools.state.jobs import Jobs
from tools.state.leases import Leases
from tools.state.memory import ThreadMemory
from tools.state.migrate import upgrade
from tools.state.monitors import Monitors

# The prediction log is defined in pipelines/ (its reader lives there) and created and migrated with our tables.
prediction_log_table = predictions_table.to_metadata(metadata)


class StateStore(AuditLog, Approvals, Leases, Claims, ABTests, Monitors, Incidents, ThreadMemory, Jobs):
    def __init__(self, url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> None:
        self.engine = make_engine(url, pool_size=pool_size)
        upgrade(self.engine)
