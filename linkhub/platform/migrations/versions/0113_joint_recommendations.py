"""federation: a joint report's recommendations to organisations, each with the 20-working-day
response clock, response and impact (joint_recommendations, a federation store table; the
federation role's grants come from migrations/security.py after the upgrade)

Revision ID: 0113
Revises: 0112
Create Date: 2026-11-30 22:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0113"
down_revision = "0112"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "joint_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("organisation_email", sa.String(length=254), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column("response_status", sa.String(length=20), nullable=False),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("impact", sa.Text(), nullable=False),
        sa.Column("impact_recorded_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["joint_reports.id"],
            name=op.f("fk_joint_recommendations_report_id_joint_reports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_joint_recommendations")),
    )
    with op.batch_alter_table("joint_recommendations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_joint_recommendations_report_id"), ["report_id"], unique=False)


def downgrade():
    with op.batch_alter_table("joint_recommendations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_joint_recommendations_report_id"))
    op.drop_table("joint_recommendations")
