"""search: keep facet_keys inline on PostgreSQL (the search layer's DDL, applied again)

Facet counts read facet_keys for every sampled or matching row; stored out of line (TOAST) it
cost ~20 us a row. `install_sql` is idempotent and now sets STORAGE MAIN. Rows already stored
keep their old layout until rewritten: run `linkhub search reindex` after this migration on a
large index (the shadow-table rebuild writes every row anew).

Revision ID: 0040
Revises: 0031
"""

from alembic import op

revision = "0040"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade():
    from linkhub.platform.migration_hooks import run

    run("search.install_sql", op.get_bind())  # registered by linkhub.search


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE search_documents ALTER COLUMN facet_keys SET STORAGE EXTENDED")
