"""The bot's durable state: audit, approvals, leases, claims, jobs, online tests, the prediction log, monitors,
incidents, thread memory (one module per table group).

Names are resolved on first use (PEP 562): the records (`Incident`, `Monitor`, `LeaseInfo`) come from
tools.state.records without SQLAlchemy, so a command line that only declares the tools stays fast; any other
name imports every table module first, so `metadata` always holds every table.
"""

from __future__ import annotations

import importlib
from typing import Any

_RECORDS = ("Incident", "LeaseInfo", "Monitor")
_TABLE_MODULES = ("abtests", "approvals", "audit", "base", "claims", "incidents", "jobs", "leases", "memory",
                  "monitors", "store")
_WHERE = {
    "ABTest": "abtests", "abtests_table": "abtests", "Approval": "approvals", "approvals_table": "approvals",
    "AuditEntry": "audit", "audit_table": "audit", "metadata": "base", "claims_table": "claims", "Claim": "claims",
    "Job": "jobs", "jobs_table": "jobs", "incidents_table": "incidents", "leases_table": "leases", "Lease": "leases",
    "agent_approvals_table": "memory", "agent_memory_table": "memory", "monitors_table": "monitors",
    "prediction_log_table": "store", "SCHEDULER_JOBS_TABLE": "monitors", "scheduler_jobs_table": "monitors",
    "StateStore": "store",
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
