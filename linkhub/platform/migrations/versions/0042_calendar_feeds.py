"""powers: secret calendar addresses for the deadlines feed (calendar_feeds, a platform table)

Like api_tokens, a platform table: a calendar app sends no cookie, so the address is looked up
by the SHA-256 of its secret before any network is in scope, and the code filters it by network.
No row-level security; the app role's grants come from migrations/security.py after the upgrade.
One live address per person per network: a partial unique index (SQLite and PostgreSQL both
have them).

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-03 09:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_feeds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_calendar_feeds_network_id_networks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_calendar_feeds_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
    )
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_calendar_feeds_network_id"), ["network_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_calendar_feeds_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "uq_calendar_feeds_live",
            ["network_id", "user_id"],
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        )


def downgrade():
    with op.batch_alter_table("calendar_feeds", schema=None) as batch_op:
        batch_op.drop_index("uq_calendar_feeds_live")
        batch_op.drop_index(batch_op.f("ix_calendar_feeds_user_id"))
        batch_op.drop_index(batch_op.f("ix_calendar_feeds_network_id"))

    op.drop_table("calendar_feeds")
