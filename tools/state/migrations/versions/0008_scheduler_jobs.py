"""APScheduler's job store table under migrations (it was created by APScheduler at its first start).

Revision ID: 0008_scheduler_jobs
Revises: 0007_lock_owner
Create Date: 2026-11-25 18:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008_scheduler_jobs'
down_revision = '0007_lock_owner'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A database whose scheduler already ran has the table, made by APScheduler with these very columns: adopt it.
    if sa.inspect(op.get_bind()).has_table('apscheduler_jobs'):
        return
    op.create_table('apscheduler_jobs',
    sa.Column('id', sa.Unicode(length=191), nullable=False),
    sa.Column('next_run_time', sa.Float(precision=25), nullable=True),
    sa.Column('job_state', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('apscheduler_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_apscheduler_jobs_next_run_time'), ['next_run_time'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('apscheduler_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_apscheduler_jobs_next_run_time'))
    op.drop_table('apscheduler_jobs')
