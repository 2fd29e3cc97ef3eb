"""The bot's durable state: audit, approvals, locks, seen events, online tests, prediction log, monitors,
incidents, the scheduler lease (one module per table group).

Names are resolved on first use (PEP 562): the records (`Incident`, `Monitor`, `LeaseInfo`) come from
tools.state.records without SQLAlchemy, so a command line that only declares the tools stays fast; any other
name imports every table module first, so `metadata` always holds every table.
"""

from __future__ import annotations

import importlib
from typing import Any

_RECORDS = ("Incident", "LeaseInfo", "Monitor")
_TABLE_MODULES = ("abtests", "approvals", "audit", "base", "events", "jobs", "incidents", "lease", "locks", "memory",
                  "monitors", "predictions", "replay", "scheduler_jobs", "setup_lock", "store")
_WHERE = {
    "ABTest": "abtests", "abtests_table": "abtests", "Approval": "approvals", "approvals_table": "approvals",
    "AuditEntry": "audit", "audit_table": "audit", "metadata": "base", "seen_events_table": "events",
    "Job": "jobs", "jobs_table": "jobs", "incident_actions_table": "incidents", "incidents_table": "incidents",
    "leases_table": "lease", "LockInfo": "locks", "locks_table": "locks", "agent_approvals_table": "memory",
    "agent_memory_table": "memory", "monitors_table": "monitors", "prediction_log_table": "predictions",
    "replays_table": "replay", "SCHEDULER_JOBS_TABLE": "scheduler_jobs", "scheduler_jobs_table": "scheduler_jobs",
    "setup_lock": "setup_lock", "StateStore": "store",
}

__all__ = sorted([*_RECORDS, *_WHERE])


def __getattr__(name: str) -> Any:
    if name in _RECORDS:
        return getattr(importlib.import_module("tools.state.records"), name)
    if name not in _WHERE:
        raise AttributeError(f"module 'tools.state' has no attribute {name!r}")
    for module in _TABLE_MODULES:
        importlib.import_module(f"tools.state.{module}")
    value = getattr(importlib.import_module(f"tools.state.{_WHERE[name]}"), name)
    globals()[name] = value
    return value
