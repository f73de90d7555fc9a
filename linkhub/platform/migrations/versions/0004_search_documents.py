"""search documents (platform tables made by the search layer's own DDL)

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    from linkhub.platform.migration_hooks import run

    run("search.install_sql", op.get_bind())  # registered by linkhub.search


def downgrade():
    op.execute("DROP TABLE IF EXISTS search_documents_fts")  # SQLite only; its triggers go with it
    op.drop_table("search_documents")
    op.drop_table("search_index_state")
