"""federation: shared issues immutable in the database; share requests record a refusal

1. ``shared_issues`` refuses, by trigger, any UPDATE other than the withdrawal and supersession
   marks, and every DELETE (the ORM's before_flush check does the same, but raw SQL, another
   client or a future bug would pass it). The marks only go one way: a withdrawal is never
   undone, and a superseded copy keeps its successor. PostgreSQL compares the whole row as JSON
   minus the marks, so a column added later is covered without touching the trigger; the
   SQLite trigger lists the columns as they are here (a later migration that adds a column to
   shared_issues must recreate it, and a batch "move and copy" of the table drops triggers).
2. ``share_requests`` gains ``refused_version`` / ``refused_reason`` / ``refused_at``: written by
   the network's lane when the working group refuses an approved version (its agreement changed
   in flight), instead of the share dying as a dead letter.

The federation role itself is created and granted by migrations/security.py after every upgrade.

Revision ID: 0031
Revises: 0030
Create Date: 2026-11-24 10:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

MARKS = ("withdrawn", "withdrawn_at", "superseded_by_id")
# shared_issues' columns at this revision, minus the marks (SQLite trigger only).
FIXED = (
    "id",
    "working_group_id",
    "source_network_id",
    "share_ref",
    "version",
    "agreement_version",
    "title",
    "summary",
    "pathway",
    "stage",
    "theme",
    "service_type",
    "provider",
    "month",
    "feedback_count",
    "people_count",
    "region",
    "shared_at",
)
IMMUTABLE = "a shared issue is immutable: only the withdrawal and supersession marks may change (share a correction)"
NO_DELETE = "a shared issue is never deleted: withdraw it"
ONE_WAY = "a withdrawal is never undone, and a superseded shared issue keeps its successor"

PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION shared_issues_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION '{NO_DELETE}' USING ERRCODE = 'restrict_violation';
    END IF;
    IF (to_jsonb(NEW) - 'withdrawn' - 'withdrawn_at' - 'superseded_by_id')
            IS DISTINCT FROM (to_jsonb(OLD) - 'withdrawn' - 'withdrawn_at' - 'superseded_by_id') THEN
        RAISE EXCEPTION '{IMMUTABLE}' USING ERRCODE = 'restrict_violation';
    END IF;
    IF (OLD.withdrawn AND NOT NEW.withdrawn)
            OR (OLD.superseded_by_id IS NOT NULL AND NEW.superseded_by_id IS DISTINCT FROM OLD.superseded_by_id) THEN
        RAISE EXCEPTION '{ONE_WAY}' USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN NEW;
END
$$
"""


def upgrade():
    with op.batch_alter_table("share_requests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("refused_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("refused_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("refused_at", sa.DateTime(timezone=True), nullable=True))

    if op.get_bind().dialect.name == "postgresql":
        op.execute(PG_FUNCTION)
        op.execute("DROP TRIGGER IF EXISTS shared_issues_immutable ON shared_issues")
        op.execute(
            "CREATE TRIGGER shared_issues_immutable BEFORE UPDATE OR DELETE ON shared_issues "
            "FOR EACH ROW EXECUTE FUNCTION shared_issues_immutable()"
        )
    else:
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in FIXED)
        op.execute("DROP TRIGGER IF EXISTS shared_issues_no_delete")
        op.execute("DROP TRIGGER IF EXISTS shared_issues_immutable")
        op.execute("DROP TRIGGER IF EXISTS shared_issues_one_way")
        op.execute(
            f"CREATE TRIGGER shared_issues_no_delete BEFORE DELETE ON shared_issues "
            f"BEGIN SELECT RAISE(ABORT, '{NO_DELETE}'); END"
        )
        op.execute(
            f"CREATE TRIGGER shared_issues_immutable BEFORE UPDATE ON shared_issues WHEN {changed} "
            f"BEGIN SELECT RAISE(ABORT, '{IMMUTABLE}'); END"
        )
        op.execute(
            "CREATE TRIGGER shared_issues_one_way BEFORE UPDATE ON shared_issues "
            "WHEN (OLD.withdrawn AND NOT NEW.withdrawn) OR (OLD.superseded_by_id IS NOT NULL "
            "AND NEW.superseded_by_id IS NOT OLD.superseded_by_id) "
            f"BEGIN SELECT RAISE(ABORT, '{ONE_WAY}'); END"
        )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS shared_issues_immutable ON shared_issues")
        op.execute("DROP FUNCTION IF EXISTS shared_issues_immutable()")
    else:
        for name in ("shared_issues_no_delete", "shared_issues_immutable", "shared_issues_one_way"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("share_requests", schema=None) as batch_op:
        batch_op.drop_column("refused_at")
        batch_op.drop_column("refused_reason")
        batch_op.drop_column("refused_version")
