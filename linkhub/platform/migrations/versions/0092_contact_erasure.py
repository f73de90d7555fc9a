"""feedback: contacts.erased_at, set when a person's data is erased (the row stays so counts do)

Revision ID: 0092
Revises: 0091
Create Date: 2026-11-30 21:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0092"
down_revision = "0091"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("erased_at")
