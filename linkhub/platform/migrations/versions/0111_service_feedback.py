"""platform: feedback about the service itself from the beta banner's form (service_feedback),
read by the operator. A platform table with no network; the app role's grants come from
migrations/security.py after the upgrade.

Revision ID: 0111
Revises: 0110
Create Date: 2026-11-30 21:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0111"
down_revision = "0110"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "service_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page", sa.String(length=300), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("reply_to", sa.String(length=254), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_service_feedback_user_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_feedback")),
    )
    with op.batch_alter_table("service_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_feedback_created_at"), ["created_at"], unique=False)


def downgrade():
    with op.batch_alter_table("service_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_feedback_created_at"))
    op.drop_table("service_feedback")
