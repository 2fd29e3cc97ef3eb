"""The bot's durable state: audit, approvals, locks, seen events, online tests, prediction log, monitors,
incidents, the scheduler lease (one module per table group)."""

from tools.state.abtests import ABTest, abtests_table
from tools.state.approvals import Approval, approvals_table
from tools.state.audit import AuditEntry, audit_table
from tools.state.base import metadata
from tools.state.events import seen_events_table
from tools.state.jobs import Job, jobs_table
from tools.state.incidents import Incident, incident_actions_table, incidents_table
from tools.state.lease import LeaseInfo, leases_table
from tools.state.locks import LockInfo, locks_table
from tools.state.memory import agent_approvals_table, agent_memory_table
from tools.state.monitors import Monitor, monitors_table
from tools.state.predictions import prediction_log_table
from tools.state.replay import replays_table
from tools.state.setup_lock import setup_lock
from tools.state.store import StateStore

__all__ = ["ABTest", "Approval", "AuditEntry", "Incident", "Job", "LeaseInfo", "LockInfo", "Monitor", "StateStore", "abtests_table",
           "agent_approvals_table", "agent_memory_table", "approvals_table", "audit_table", "incident_actions_table",
           "incidents_table", "jobs_table", "leases_table", "locks_table", "metadata", "monitors_table", "prediction_log_table",
           "replays_table", "seen_events_table", "setup_lock"]
