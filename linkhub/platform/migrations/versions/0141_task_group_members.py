"""work programme: task-group members are people of the register of members and participants
(task_group_members), not typed names. Each name typed in ``task_groups.members`` becomes a
person of that network's register (an individual participant, no contact details, source
"import"; a person of that name already on the register is used instead) and a member of the
group; then the text column goes.

Revision ID: 0141
Revises: 0140
Create Date: 2026-11-30 23:55:00
"""

import secrets
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa


revision = "0141"
down_revision = "0140"
branch_labels = None
depends_on = None
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _reference() -> str:
    return "".join(ALPHABET[b % 32] for b in secrets.token_bytes(8))


def upgrade():
    op.create_table(
        "task_group_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_group_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["network_id", "person_id"],
            ["network_people.network_id", "network_people.id"],
            name=op.f("fk_task_group_members_network_id_network_people"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id", "task_group_id"],
            ["task_groups.network_id", "task_groups.id"],
            name=op.f("fk_task_group_members_network_id_task_groups"),
        ),
        sa.ForeignKeyConstraint(
            ["network_id"], ["networks.id"], name=op.f("fk_task_group_members_network_id_networks"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_group_members")),
        sa.UniqueConstraint(
            "network_id",
            "task_group_id",
            "person_id",
            name=op.f("uq_task_group_members_network_id_task_group_id_person_id"),
        ),
    )
    with op.batch_alter_table("task_group_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_task_group_members_network_id"), ["network_id"], unique=False)

    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    now = datetime.now(timezone.utc)
    for network_id in conn.execute(sa.text("SELECT id FROM networks ORDER BY id")).scalars().all():
        if postgres:  # the owner is subject to FORCE ROW LEVEL SECURITY too
            conn.execute(sa.text("SELECT set_config('app.network_id', :n, true)"), {"n": str(network_id)})
        groups = conn.execute(
            sa.text("SELECT id, members FROM task_groups WHERE network_id = :n AND members <> '' ORDER BY id"),
            {"n": network_id},
        ).all()
        for group_id, text in groups:
            seen = set()
            for line in text.splitlines():
                name = line.strip()[:200]
                if not name or name.lower() in seen:
                    continue
                seen.add(name.lower())
                person_id = conn.execute(
                    sa.text(
                        "SELECT id FROM network_people WHERE network_id = :n AND lower(name) = :name "
                        "AND status = 'active' ORDER BY id LIMIT 1"
                    ),
                    {"n": network_id, "name": name.lower()},
                ).scalar()
                if person_id is None:
                    conn.execute(
                        sa.text(
                            "INSERT INTO network_people (network_id, reference, kind, involvement, name, email, phone, "
                            "address, contact_method, consent_to_contact, interests_text, notes, status, source, "
                            "applied_at, decline_reason, joined_on) VALUES (:n, :ref, 'individual', 'participant', "
                            ":name, '', '', '', 'none', :no, '', 'Added from a task group''s list of names', "
                            "'active', 'import', :now, '', :today)"
                        ),
                        {
                            "n": network_id,
                            "ref": _reference(),
                            "name": name,
                            "no": False,
                            "now": now,
                            "today": now.date(),
                        },
                    )
                    person_id = conn.execute(
                        sa.text("SELECT max(id) FROM network_people WHERE network_id = :n"), {"n": network_id}
                    ).scalar()
                conn.execute(
                    sa.text(
                        "INSERT INTO task_group_members (network_id, task_group_id, person_id) VALUES (:n, :g, :p)"
                    ),
                    {"n": network_id, "g": group_id, "p": person_id},
                )
    # ALTER TABLE ... DROP COLUMN in place (SQLite 3.35+): rebuilding the table would trip the
    # foreign keys of the rows that point at it (work items, the members just added).
    with op.batch_alter_table("task_groups", schema=None, recreate="never") as batch_op:
        batch_op.drop_column("members")


def downgrade():
    with op.batch_alter_table("task_groups", schema=None, recreate="never") as batch_op:
        batch_op.add_column(sa.Column("members", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("task_group_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_task_group_members_network_id"))
    op.drop_table("task_group_members")
