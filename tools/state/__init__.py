"""The bot's durable state: audit, approvals, locks, seen events (one module per table group)."""

from tools.state.approvals import Approval, approvals_table
from tools.state.audit import AuditEntry, audit_table
from tools.state.base import metadata
from tools.state.events import seen_events_table
from tools.state.locks import locks_table
from tools.state.store import StateStore

__all__ = ["Approval", "AuditEntry", "StateStore", "approvals_table", "audit_table", "locks_table", "metadata",
           "seen_events_table"]
