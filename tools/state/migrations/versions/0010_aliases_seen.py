"""The alias watch's memory: each registry alias as last seen, so a move made outside the bot is noticed.

Revision ID: 0010_aliases_seen
Revises: 0009_one_lease_one_claim
Create Date: 2026-12-06 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010_aliases_seen'
down_revision = '0009_one_lease_one_claim'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('aliases_seen',
    sa.Column('model', sa.String(length=64), nullable=False),
    sa.Column('alias', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('model', 'alias')
    )


def downgrade() -> None:
    op.drop_table('aliases_seen')
