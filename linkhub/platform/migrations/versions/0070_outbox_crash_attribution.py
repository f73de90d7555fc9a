"""outbox: crash attribution and relay claims

- ``running_since`` / ``running_alone``: a delivery that started handlers and never finished was
  ended by its worker dying; ``suspect`` events then run one at a time, and only a death while
  running alone counts in ``crashes``. ``failures`` counts the handlers' own exceptions. So an
  event is dead-lettered for its own failures, never for a neighbour that killed the worker.
- ``claimed_until``: the relay claims rows in one short transaction and publishes after it; a
  claim not marked published by then (a relay that died, a broker that stayed blocked) lapses.

Revision ID: 0070
Revises: 0080
Create Date: 2026-11-30 20:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0070"
down_revision = "0080"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("running_since", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("running_alone", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("suspect", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("crashes", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("failures", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_events", schema=None) as batch_op:
        for column in ("claimed_until", "failures", "crashes", "suspect", "running_alone", "running_since"):
            batch_op.drop_column(column)
