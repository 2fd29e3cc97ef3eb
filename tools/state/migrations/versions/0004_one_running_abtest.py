"""At most one running online test per model: a partial unique index, so concurrent starts cannot both win.

Revision ID: 0004_one_running_abtest
Revises: 0003_monitoring
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_one_running_abtest'
down_revision = '0003_monitoring'
branch_labels = None
depends_on = None

_RUNNING = sa.text("stopped_at IS NULL")


def upgrade() -> None:
    # Before the index, a race could leave two running tests of a model: keep the newest, stop the others.
    op.execute("UPDATE abtests SET stopped_at = started_at, stopped_by = 'migration 0004' "
               "WHERE stopped_at IS NULL AND started_at < (SELECT MAX(b.started_at) FROM abtests b "
               "WHERE b.model = abtests.model AND b.stopped_at IS NULL)")
    with op.batch_alter_table('abtests', schema=None) as batch_op:
        batch_op.create_index('uq_abtests_running_model', ['model'], unique=True, sqlite_where=_RUNNING,
                              postgresql_where=_RUNNING)


def downgrade() -> None:
    with op.batch_alter_table('abtests', schema=None) as batch_op:
        batch_op.drop_index('uq_abtests_running_model')
