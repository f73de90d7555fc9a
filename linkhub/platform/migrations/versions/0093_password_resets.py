"""platform: password_resets (a link's SHA-256, one hour, used once)

A platform table like api_tokens: read before anyone is signed in, so no row-level security;
the app role's grants come from migrations/security.py after the upgrade.

Revision ID: 0093
Revises: 0092
Create Date: 2026-11-30 21:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0093"
down_revision = "0092"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_password_resets_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_resets_token_hash")),
    )
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.create_index("ix_password_resets_user_created", ["user_id", "created_at"], unique=False)


def downgrade():
    op.drop_table("password_resets")
