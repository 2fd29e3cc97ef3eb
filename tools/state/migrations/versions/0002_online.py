"""Online tests (abtests) and the prediction service's log (prediction_log).

Revision ID: 0002_online
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_online'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('abtests',
    sa.Column('id', sa.String(length=16), nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('mode', sa.String(length=8), nullable=False),
    sa.Column('share', sa.Float(), nullable=False),
    sa.Column('production_version', sa.Integer(), nullable=True),
    sa.Column('challenger_version', sa.Integer(), nullable=True),
    sa.Column('started_by', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('stopped_by', sa.String(length=64), nullable=True),
    sa.Column('stopped_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('abtests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_abtests_model'), ['model'], unique=False)

    op.create_table('prediction_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('request_id', sa.String(length=32), nullable=False),
    sa.Column('row', sa.Integer(), nullable=False),
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('arm', sa.String(length=16), nullable=False),
    sa.Column('test_id', sa.String(length=32), nullable=True),
    sa.Column('key', sa.String(length=128), nullable=True),
    sa.Column('features', sa.Text(), nullable=False),
    sa.Column('prediction', sa.Text(), nullable=False),
    sa.Column('proba', sa.Text(), nullable=True),
    sa.Column('latency_ms', sa.Float(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('label', sa.Text(), nullable=True),
    sa.Column('labelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('prediction_log', schema=None) as batch_op:
        batch_op.create_index('ix_prediction_log_model_at', ['model', 'at'], unique=False)
        batch_op.create_index('ix_prediction_log_request', ['request_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('prediction_log', schema=None) as batch_op:
        batch_op.drop_index('ix_prediction_log_request')
        batch_op.drop_index('ix_prediction_log_model_at')

    op.drop_table('prediction_log')
    with op.batch_alter_table('abtests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_abtests_model'))

    op.drop_table('abtests')
