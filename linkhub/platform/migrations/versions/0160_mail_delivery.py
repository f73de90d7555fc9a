"""common: real e-mail delivery recorded on each outgoing message (status, attempts, last error,
sent time, Message-ID, headers such as List-Unsubscribe, bounces)

Revision ID: 0160
Revises: 0125
Create Date: 2026-11-30 23:50:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0160"
down_revision = "0125"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=20), server_default="stored", nullable=False))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("last_error", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("message_id", sa.String(length=200), server_default="", nullable=False))
        batch_op.add_column(sa.Column("headers", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("bounces", sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table("outgoing_messages", schema=None) as batch_op:
        for column in ("bounces", "headers", "message_id", "sent_at", "last_error", "attempts", "status"):
            batch_op.drop_column(column)
