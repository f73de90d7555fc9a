"""directory: services.ods_code and services.cqc_location_id (optional, indexed by network)

Revision ID: 0094
Revises: 0093
Create Date: 2026-11-30 21:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0094"
down_revision = "0093"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ods_code", sa.String(length=6), nullable=True))
        batch_op.add_column(sa.Column("cqc_location_id", sa.String(length=16), nullable=True))
        batch_op.create_index("ix_services_network_ods", ["network_id", "ods_code"], unique=False)
        batch_op.create_index("ix_services_network_cqc", ["network_id", "cqc_location_id"], unique=False)


def downgrade():
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.drop_index("ix_services_network_cqc")
        batch_op.drop_index("ix_services_network_ods")
        batch_op.drop_column("cqc_location_id")
        batch_op.drop_column("ods_code")
