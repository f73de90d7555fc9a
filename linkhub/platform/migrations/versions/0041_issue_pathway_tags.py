"""federation: a network tags its issues with a pathway and a stage (issue_pathway_tags, a tenant table)

One tag an issue (unique per network). The stage is referenced together with its pathway, so
the database itself refuses a stage of another pathway: that needs (pathway_id, id) unique on
pathway_stages, created first (PostgreSQL checks the referenced key exists when the foreign key
is made). Row-level security and the grants (none for the federation role: it is a tenant
table) come from migrations/security.py after the upgrade, like every tenant table's.

Revision ID: 0041
Revises: 0040
Create Date: 2026-11-26 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade():
    # A plain unique index, not a constraint: SQLite adds it without rebuilding the table.
    with op.batch_alter_table("pathway_stages", schema=None) as batch_op:
        batch_op.create_index("uq_pathway_stages_pathway_id_id", ["pathway_id", "id"], unique=True)

    op.create_table(
        "issue_pathway_tags",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("pathway_id", sa.Integer(), nullable=False),
        sa.Column("stage_id", sa.Integer(), nullable=False),
        sa.Column("tagged_by_id", sa.Integer(), nullable=True),
        sa.Column("tagged_by_label", sa.String(length=200), nullable=False),
        sa.Column("tagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id", "issue_id"],
            ["issues.network_id", "issues.id"],
            name=op.f("fk_issue_pathway_tags_network_id_issues"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_issue_pathway_tags_network_id_networks"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["pathway_id", "stage_id"],
            ["pathway_stages.pathway_id", "pathway_stages.id"],
            name=op.f("fk_issue_pathway_tags_pathway_id_pathway_stages"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["pathway_id"], ["pathways.id"], name=op.f("fk_issue_pathway_tags_pathway_id_pathways"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["tagged_by_id"], ["users.id"], name=op.f("fk_issue_pathway_tags_tagged_by_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue_pathway_tags")),
        sa.UniqueConstraint("network_id", "issue_id", name=op.f("uq_issue_pathway_tags_network_id_issue_id")),
    )
    with op.batch_alter_table("issue_pathway_tags", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_issue_pathway_tags_network_id"), ["network_id"], unique=False)
        batch_op.create_index(
            "ix_issue_pathway_tags_network_stage", ["network_id", "pathway_id", "stage_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("issue_pathway_tags", schema=None) as batch_op:
        batch_op.drop_index("ix_issue_pathway_tags_network_stage")
        batch_op.drop_index(batch_op.f("ix_issue_pathway_tags_network_id"))

    op.drop_table("issue_pathway_tags")
    with op.batch_alter_table("pathway_stages", schema=None) as batch_op:
        batch_op.drop_index("uq_pathway_stages_pathway_id_id")
