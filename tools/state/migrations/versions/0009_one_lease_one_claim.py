"""One lease table for model locks and the scheduler, one claim table for events, requests and alert buttons.

`locks` rows become `leases` rows named `model:<model>` (their tokens kept, so a holder running across the upgrade
keeps beating); the scheduler's lease row is dropped (its holder takes it again at its next beat). `seen_events`,
`replays` and `incident_actions` become `claims` of kind event, request and alert_action. The scheduler's job
store is emptied: its jobs named functions that have moved, and the scheduler adds them again from the monitors.
Downgrading recreates the old tables with their lease and event/request rows; alert-button claims are dropped.

Revision ID: 0009_one_lease_one_claim
Revises: 0008_scheduler_jobs
Create Date: 2026-12-05 20:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0009_one_lease_one_claim'
down_revision = '0008_scheduler_jobs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table('leases')
    op.create_table('leases',
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('holder', sa.String(length=128), nullable=False),
    sa.Column('purpose', sa.String(length=32), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.Column('pid_started', sa.String(length=32), nullable=True),
    sa.Column('notice', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('name')
    )
    op.execute("INSERT INTO leases (name, token, holder, purpose, acquired_at, heartbeat_at, expires_at, host, pid, "
               "pid_started, notice) SELECT 'model:' || model, token, holder, tool, acquired_at, "
               "COALESCE(heartbeat_at, acquired_at), expires_at, host, pid, pid_started, notice FROM locks")
    op.drop_table('locks')

    op.create_table('claims',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'key')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_at'), ['at'], unique=False)
    op.execute("INSERT INTO claims (kind, key, by, at) SELECT 'event', event_id, NULL, seen_at FROM seen_events")
    op.execute("INSERT INTO claims (kind, key, by, at) SELECT 'request', key, NULL, seen_at FROM replays")
    op.execute("INSERT INTO claims (kind, key, by, at) SELECT 'alert_action', "
               "CAST(incident_id AS VARCHAR(20)) || ':' || action, by, at FROM incident_actions")
    op.drop_table('seen_events')
    op.drop_table('replays')
    op.drop_table('incident_actions')
    op.execute("DELETE FROM apscheduler_jobs")


def downgrade() -> None:
    op.create_table('incident_actions',
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('incident_id', 'action')
    )
    op.create_table('replays',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('replays', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replays_seen_at'), ['seen_at'], unique=False)
    op.create_table('seen_events',
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    with op.batch_alter_table('seen_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_events_seen_at'), ['seen_at'], unique=False)
    op.execute("INSERT INTO seen_events (event_id, seen_at) SELECT key, at FROM claims WHERE kind = 'event'")
    op.execute("INSERT INTO replays (key, seen_at) SELECT key, at FROM claims WHERE kind = 'request'")
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_at'))
    op.drop_table('claims')

    op.create_table('locks',
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('holder', sa.String(length=64), nullable=False),
    sa.Column('tool', sa.String(length=32), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.Column('pid', sa.Integer(), nullable=True),
    sa.Column('pid_started', sa.String(length=32), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('notice', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('model')
    )
    op.execute("INSERT INTO locks (model, token, holder, tool, acquired_at, expires_at, host, pid, pid_started, "
               "heartbeat_at, notice) SELECT substr(name, 7), token, holder, purpose, acquired_at, expires_at, host, "
               "pid, pid_started, heartbeat_at, notice FROM leases WHERE name LIKE 'model:%'")
    op.drop_table('leases')
    op.create_table('leases',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('holder', sa.String(length=128), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
