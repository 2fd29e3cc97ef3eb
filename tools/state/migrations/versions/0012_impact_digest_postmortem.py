"""Severity from impact and postmortems: digest notes, incident events, and an incident's acknowledgement,
root cause at opening and postmortem.

Revision ID: 0012_impact_digest_postmortem
Revises: 0011_alert_feedback_and_quiet
Create Date: 2026-12-06 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0012_impact_digest_postmortem'
down_revision = '0011_alert_feedback_and_quiet'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('incidents') as batch:  # batch: SQLite alters a table by copying it
        batch.add_column(sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('acknowledged_by', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('root_cause', sa.Text(), nullable=True))
        batch.add_column(sa.Column('postmortem', sa.Text(), nullable=True))
    op.create_table('incident_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_incident_events_incident_id'), 'incident_events', ['incident_id'], unique=False)
    op.create_table('digest_notes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('channel', sa.String(length=64), nullable=True),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('digested_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_digest_notes_model'), 'digest_notes', ['model'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_digest_notes_model'), table_name='digest_notes')
    op.drop_table('digest_notes')
    op.drop_index(op.f('ix_incident_events_incident_id'), table_name='incident_events')
    op.drop_table('incident_events')
    with op.batch_alter_table('incidents') as batch:
        batch.drop_column('postmortem')
        batch.drop_column('root_cause')
        batch.drop_column('acknowledged_by')
        batch.drop_column('acknowledged_at')
