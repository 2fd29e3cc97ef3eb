"""Locks name their owner and carry a heartbeat; replay keys of signed requests; seen events pruned by age.

Revision ID: 0007_lock_owner
Revises: 0006_jobs
Create Date: 2026-11-25 15:35:51.241368
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_lock_owner'
down_revision = '0006_jobs'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('replays',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    with op.batch_alter_table('replays', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replays_seen_at'), ['seen_at'], unique=False)

    with op.batch_alter_table('locks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('host', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('pid', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('pid_started', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('notice', sa.Text(), nullable=True))

    with op.batch_alter_table('seen_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_seen_events_seen_at'), ['seen_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('seen_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_seen_events_seen_at'))

    with op.batch_alter_table('locks', schema=None) as batch_op:
        batch_op.drop_column('notice')
        batch_op.drop_column('heartbeat_at')
        batch_op.drop_column('pid_started')
        batch_op.drop_column('pid')
        batch_op.drop_column('host')

    with op.batch_alter_table('replays', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_replays_seen_at'))

    op.drop_table('replays')
