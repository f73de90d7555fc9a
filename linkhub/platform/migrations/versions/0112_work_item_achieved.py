"""work programme: what each work item actually achieved (work_items.achieved)

Revision ID: 0112
Revises: 0111
Create Date: 2026-11-30 22:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0112"
down_revision = "0111"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("achieved", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("work_items", schema=None) as batch_op:
        batch_op.drop_column("achieved")
