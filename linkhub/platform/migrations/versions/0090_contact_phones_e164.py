"""feedback: contacts' telephone numbers re-normalised to E.164, and the duplicates this reveals merged

Before, a number was stored as its digits with a leading 44 turned into 0, so
``+44 (0)114 271 1900`` became ``001142711900``, ``0044 114 271 1900`` stayed ``00441142711900``
and neither matched ``01142711900``: one person was two contacts and counted twice. Each stored
number is now read back to what was typed and stored in E.164 (``+441142711900``), as
``linkhub.tenants.feedback.phones`` does for new numbers. A value starting ``00`` is ambiguous
(an international number, or the old reading of ``+44 (0)…``): the reading that is a valid
number wins, the international one first. A value that is no telephone number is kept as it was.

Contacts of one network that now share a number are merged into the oldest, as staff would
merge them: feedback moves to it, it takes the e-mail and name it lacked, and the others stay as
pointers (``merged_into_id``) without contact details. Counts of feedback do not change; counts
of distinct people become right. The downgrade leaves the numbers in E.164 (the old form lost
information; merges are not undone).

On PostgreSQL contacts have forced row-level security, so each network is handled inside its
own ``app.network_id`` (the migration may not run as a superuser).

Revision ID: 0090
Revises: 0042
Create Date: 2026-11-30 20:45:00
"""

from alembic import op
import phonenumbers
import sqlalchemy as sa


revision = "0090"
down_revision = "0042"
branch_labels = None
depends_on = None


def _read(text: str, region: str | None):
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    possible = phonenumbers.is_possible_number_with_reason(number) == phonenumbers.ValidationResult.IS_POSSIBLE
    return number if possible else None


def renormalise(stored: str) -> str:
    """E.164 for a number stored by the old normaliser (digits, 44 -> 0), else ``stored``."""
    digits = "".join(ch for ch in stored if ch.isdigit())
    if not digits:
        return stored
    if stored.startswith("+"):
        candidates = [_read("+" + digits, None)]
    elif digits.startswith("00"):
        # "00" + country code as typed, or "0" + "0…" from "+44 (0)…" read by the old code.
        candidates = [_read("+" + digits[2:], None), _read("0" + digits[2:], "GB")]
    else:
        candidates = [_read(digits, "GB")]
    candidates = [c for c in candidates if c is not None]
    valid = [c for c in candidates if phonenumbers.is_valid_number(c)]
    chosen = (valid or candidates or [None])[0]
    return stored if chosen is None else phonenumbers.format_number(chosen, phonenumbers.PhoneNumberFormat.E164)


def upgrade():
    conn = op.get_bind()
    postgres = conn.dialect.name == "postgresql"
    for network_id in conn.execute(sa.text("SELECT id FROM networks ORDER BY id")).scalars().all():
        if postgres:
            conn.execute(sa.text("SELECT set_config('app.network_id', :n, true)"), {"n": str(network_id)})
        rows = conn.execute(
            sa.text(
                "SELECT id, phone, email, name FROM contacts WHERE network_id = :n AND phone IS NOT NULL "
                "AND merged_into_id IS NULL ORDER BY id"
            ),
            {"n": network_id},
        ).all()
        survivors: dict[str, tuple] = {}
        for contact_id, phone, email, name in rows:
            new = renormalise(phone)
            if new != phone:
                conn.execute(
                    sa.text("UPDATE contacts SET phone = :p WHERE network_id = :n AND id = :i"),
                    {"p": new, "n": network_id, "i": contact_id},
                )
            if new not in survivors:
                survivors[new] = (contact_id, email, name)
                continue
            keep_id, keep_email, keep_name = survivors[new]
            conn.execute(
                sa.text("UPDATE feedback SET contact_id = :k WHERE network_id = :n AND contact_id = :d"),
                {"k": keep_id, "n": network_id, "d": contact_id},
            )
            conn.execute(
                sa.text(
                    "UPDATE contacts SET merged_into_id = :k, email = NULL, phone = NULL "
                    "WHERE network_id = :n AND id = :d"
                ),
                {"k": keep_id, "n": network_id, "d": contact_id},
            )
            keep_email, keep_name = keep_email or email, keep_name or name
            conn.execute(
                sa.text("UPDATE contacts SET email = :e, name = :m WHERE network_id = :n AND id = :k"),
                {"e": keep_email, "m": keep_name or "", "n": network_id, "k": keep_id},
            )
            survivors[new] = (keep_id, keep_email, keep_name)
    if postgres:
        conn.execute(sa.text("SELECT set_config('app.network_id', '', true)"))


def downgrade():
    pass
