"""platform: outbox_events.request_id, the request that wrote the event (worker logs carry it)

Revision ID: 0091
Revises: 0090
Create Date: 2026-11-30 21:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0091"
down_revision = "0090"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.drop_column("request_id")
