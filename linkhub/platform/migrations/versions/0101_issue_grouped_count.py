"""issues.grouped_count: how many pieces of feedback are grouped into each issue (issue 15)

Kept by the issues service when it groups feedback, so the issues list reads it instead of
counting the feedback table. Filled in here from the feedback as it is (as the owner, in the
platform scope: row-level security is forced on both tables).

Revision ID: 0101
Revises: 0100
Create Date: 2026-11-30 21:30:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0101"
down_revision = "0100"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.add_column(sa.Column("grouped_count", sa.Integer(), server_default="0", nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT set_config('app.platform', 'on', true)")
    op.execute(
        "UPDATE issues SET grouped_count = (SELECT count(*) FROM feedback "
        "WHERE feedback.network_id = issues.network_id AND feedback.issue_id = issues.id)"
    )


def downgrade():
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_column("grouped_count")
