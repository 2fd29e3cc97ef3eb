"""APScheduler's job store table, declared here so Alembic creates it like every other table of ours.

The scheduler's `SQLAlchemyJobStore` reads and writes it (bot/scheduler.py) and only creates it when missing; the
columns repeat APScheduler 3.x's own definition so its check finds nothing to create and the contract test sees
one schema.
"""

from __future__ import annotations

import sqlalchemy as sa

from tools.state.base import metadata

SCHEDULER_JOBS_TABLE = "apscheduler_jobs"

scheduler_jobs_table = sa.Table(
    SCHEDULER_JOBS_TABLE, metadata,
    sa.Column("id", sa.Unicode(191), primary_key=True),
    sa.Column("next_run_time", sa.Float(25), index=True),
    sa.Column("job_state", sa.LargeBinary, nullable=False),
)
