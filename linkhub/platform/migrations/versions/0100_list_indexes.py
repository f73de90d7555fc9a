"""indexes that match the lists' sorts, for keyset pages (issue 15)

Feedback lists sort newest first with the id breaking ties: (network_id, received_at, id)
replaces (network_id, received_at). The suggested groups read the newest feedback in no issue:
(network_id, issue_id, received_at) replaces (network_id, issue_id). The issues API sorts by
(created_at, id).

Revision ID: 0100
Revises: 0094
Create Date: 2026-11-30 21:00:00
"""

from alembic import op


revision = "0100"
down_revision = "0094"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_network_received_id", ["network_id", "received_at", "id"], unique=False)
        batch_op.create_index(
            "ix_feedback_network_issue_received", ["network_id", "issue_id", "received_at"], unique=False
        )
        batch_op.drop_index("ix_feedback_network_received")
        batch_op.drop_index("ix_feedback_network_issue")
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.create_index("ix_issues_network_created_id", ["network_id", "created_at", "id"], unique=False)


def downgrade():
    with op.batch_alter_table("issues", schema=None) as batch_op:
        batch_op.drop_index("ix_issues_network_created_id")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_network_issue", ["network_id", "issue_id"], unique=False)
        batch_op.create_index("ix_feedback_network_received", ["network_id", "received_at"], unique=False)
        batch_op.drop_index("ix_feedback_network_issue_received")
        batch_op.drop_index("ix_feedback_network_received_id")
