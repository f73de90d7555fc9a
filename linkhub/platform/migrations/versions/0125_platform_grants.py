"""platform grants: the one way a transaction of the application role sees every network
(written only by the platform role; read by a SECURITY DEFINER function in the row policies,
see migrations/security.py and linkhub.platform.tenancy). The audit log becomes append-only.

Revision ID: 0125
Revises: 0151
Create Date: 2026-12-01 00:10:00
"""

from alembic import op


revision = "0125"
down_revision = "0151"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no row-level security and no roles
    # xid8: a transaction id that is never reused, so a grant cannot outlive its transaction.
    op.execute(
        "CREATE TABLE platform_grants (xid xid8 NOT NULL, pid integer NOT NULL, "
        "granted_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT pk_platform_grants PRIMARY KEY (xid))"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP FUNCTION IF EXISTS linkhub_platform_granted() CASCADE")
    op.drop_table("platform_grants")
