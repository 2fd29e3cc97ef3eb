"""Monitors, incidents (one open per model and kind), incident button claims, the scheduler lease.

Revision ID: 0003_monitoring
Revises: 0002_online
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_monitoring'
down_revision = '0002_online'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('incident_actions',
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('incident_id', 'action')
    )
    op.create_table('incidents',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('open_key', sa.String(length=96), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('posted_severity', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_posted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('channel', sa.String(length=64), nullable=True),
    sa.Column('message_ts', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('open_key')
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_model'), ['model'], unique=False)

    op.create_table('leases',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('holder', sa.String(length=128), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('monitors',
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('settings', sa.Text(), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('set_by', sa.String(length=64), nullable=False),
    sa.Column('surface', sa.String(length=16), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_check_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_result', sa.String(length=16), nullable=True),
    sa.Column('last_message', sa.Text(), nullable=True),
    sa.Column('checks', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('retry_after', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snoozed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('snoozed_by', sa.String(length=64), nullable=True),
    sa.Column('data_marker', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('model')
    )


def downgrade() -> None:
    op.drop_table('monitors')
    op.drop_table('leases')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_model'))

    op.drop_table('incidents')
    op.drop_table('incident_actions')
