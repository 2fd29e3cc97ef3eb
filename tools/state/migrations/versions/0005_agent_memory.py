"""Agent thread memory: each thread's messages, and which thread proposed which approval.

Revision ID: 0005_agent_memory
Revises: 0004_one_running_abtest
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_agent_memory"
down_revision = "0004_one_running_abtest"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agent_memory",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("thread", sa.String(length=128), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_agent_memory_thread", "agent_memory", ["thread"], unique=False)
    op.create_table(
        "agent_approvals",
        sa.Column("approval_id", sa.String(length=32), nullable=False),
        sa.Column("thread", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("approval_id"),
    )


def downgrade() -> None:
    op.drop_table("agent_approvals")
    op.drop_index("ix_agent_memory_thread", table_name="agent_memory")
    op.drop_table("agent_memory")
