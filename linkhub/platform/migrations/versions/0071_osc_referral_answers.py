"""powers: every answer to an OSC referral is kept (osc_referral_answers)

A tenant table (row-level security is applied after the upgrade to every TenantMixin model, see
migrations/security.py). The answer already recorded on each referral becomes its first row.

Revision ID: 0071
Revises: 0070
Create Date: 2026-11-30 21:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0071"
down_revision = "0070"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "osc_referral_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id", "referral_id"],
            ["osc_referrals.network_id", "osc_referrals.id"],
            name=op.f("fk_osc_referral_answers_network_id_osc_referrals"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"],
            ["networks.id"],
            name=op.f("fk_osc_referral_answers_network_id_networks"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_osc_referral_answers")),
        sa.UniqueConstraint("network_id", "id", name=op.f("uq_osc_referral_answers_network_id_id")),
    )
    with op.batch_alter_table("osc_referral_answers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_osc_referral_answers_network_id"), ["network_id"], unique=False)
        batch_op.create_index("ix_osc_referral_answers_network_referral", ["network_id", "referral_id"], unique=False)
    op.execute(
        "INSERT INTO osc_referral_answers (network_id, referral_id, status, answered_on, response, outcome, recorded_at) "
        "SELECT network_id, id, status, responded_on, response, outcome, created_at FROM osc_referrals "
        "WHERE responded_on IS NOT NULL"
    )


def downgrade():
    op.drop_table("osc_referral_answers")
