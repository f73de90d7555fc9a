"""search: exact answers. Drop the 1% sample (column `sample_bucket` and its two partial indexes:
nothing estimates from a sample any more) and, where Debian's `postgresql-15-rum` is installed
(`make rum`), create the `rum` extension and a RUM index on `tsv` that ranks inside the index.
Without the package the plain GIN index serves, with the same exact answers.

Revision ID: 0080
Revises: 0101
"""

from alembic import op

revision = "0080"
down_revision = "0101"
branch_labels = None
depends_on = None


def upgrade():
    from linkhub.platform.migration_hooks import run

    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_documents_tsv_sample")
        op.execute("DROP INDEX IF EXISTS ix_search_documents_sample")
        op.execute("ALTER TABLE search_documents DROP COLUMN IF EXISTS sample_bucket")
    run("search.install_sql", op.get_bind())  # idempotent: adds the RUM index when rum is available


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_documents_rum")
        op.execute(
            "ALTER TABLE search_documents ADD COLUMN IF NOT EXISTS sample_bucket smallint "
            "GENERATED ALWAYS AS (mod(hashtext(doc_id) & 2147483647, 100)) STORED"
        )
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_search_documents_tsv_sample ON search_documents "
            "USING gin (tsv) WHERE sample_bucket = 0"
        )
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_search_documents_sample ON search_documents "
            "(published_on) WHERE sample_bucket = 0"
        )
