"""Alert feedback (one Useful / Noise verdict per person and incident) and the notices held while a model is quiet.

Revision ID: 0011_alert_feedback_and_quiet
Revises: 0010_aliases_seen
Create Date: 2026-12-06 04:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0011_alert_feedback_and_quiet'
down_revision = '0010_aliases_seen'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('alert_feedback',
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.String(length=64), nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('verdict', sa.String(length=8), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('incident_id', 'user_id')
    )
    op.create_index(op.f('ix_alert_feedback_model'), 'alert_feedback', ['model'], unique=False)
    op.create_table('held_notices',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=64), nullable=True),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('reason', sa.String(length=128), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_held_notices_model'), 'held_notices', ['model'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_held_notices_model'), table_name='held_notices')
    op.drop_table('held_notices')
    op.drop_index(op.f('ix_alert_feedback_model'), table_name='alert_feedback')
    op.drop_table('alert_feedback')
