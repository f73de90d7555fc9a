"""Telephone numbers for contact matching: one person however the number was typed (phonenumbers,
UK default region), and the migration that re-normalised the numbers stored before."""

from __future__ import annotations

import importlib

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, select, text

from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.feedback import services
from linkhub.tenants.feedback.models import Contact
from linkhub.tenants.feedback.phones import NotAPhoneNumber, display_phone, normalise_phone

# (typed, E.164): real-world ways of writing UK and international numbers.
TABLE = [
    ("0114 271 1900", "+441142711900"),
    ("01142711900", "+441142711900"),
    ("(0114) 271 1900", "+441142711900"),
    ("0114-271-1900", "+441142711900"),
    ("+44 (0)114 271 1900", "+441142711900"),
    ("+44(0)1142711900", "+441142711900"),
    ("0044 114 271 1900", "+441142711900"),
    ("00 44 (0) 114 271 1900", "+441142711900"),
    ("+44 114 2711900", "+441142711900"),
    ("44 114 271 1900", "+441142711900"),
    ("+44 0114 271 1900", "+441142711900"),
    ("tel: 0114 271 1900", "+441142711900"),
    ("0114 271 1900 ext. 24", "+441142711900"),
    ("020 7946 0018", "+442079460018"),
    ("(020) 7946 0018", "+442079460018"),
    ("07700 900982", "+447700900982"),
    ("+44 7700 900 982", "+447700900982"),
    ("07700-900-982", "+447700900982"),
    ("0800 123 4567", "+448001234567"),
    ("01632 960 001", "+441632960001"),
    ("029 2018 0123", "+442920180123"),
    ("028 9018 0123", "+442890180123"),
    ("+33 1 42 68 53 00", "+33142685300"),
    ("0033 1 42 68 53 00", "+33142685300"),
    ("+353 1 234 5678", "+35312345678"),
    ("+1 (212) 555-0123", "+12125550123"),
    ("+49 30 901820", "+4930901820"),
    ("+91 98765 43210", "+919876543210"),
]
NOT_NUMBERS = ["123", "phone me", "0114", "+44", "0000", "+999 1234 5678", "call 999"]


@pytest.mark.parametrize(("typed", "e164"), TABLE)
def test_numbers_typed_any_usual_way_normalise_to_e164(typed, e164):
    assert normalise_phone(typed) == e164


@pytest.mark.parametrize("typed", NOT_NUMBERS)
def test_text_that_is_no_number_is_refused(typed):
    with pytest.raises(NotAPhoneNumber):
        normalise_phone(typed)


def test_blank_is_none():
    assert normalise_phone("") is None and normalise_phone(None) is None and normalise_phone("   ") is None


def test_display_is_national_for_uk_and_international_otherwise():
    assert display_phone("+441142711900") == "0114 271 1900"
    assert display_phone("+33142685300") == "+33 1 42 68 53 00"
    assert display_phone(None) == ""


# Every UK number written in each of the usual styles gives the same E.164 (brute force: the
# digits themselves are the oracle).
STYLES = [
    lambda n: "0" + n,
    lambda n: "+44" + n,
    lambda n: "+44 (0)" + n,
    lambda n: "0044 " + n,
    lambda n: "(0" + n[:3] + ") " + n[3:],
    lambda n: "0" + n[:3] + " " + n[3:6] + " " + n[6:],
    lambda n: "+44-" + n[:3] + "-" + n[3:],
]


@given(
    area=st.sampled_from(["114", "113", "161", "207", "121", "292", "289", "7700", "7911"]),
    rest=st.text(alphabet="0123456789", min_size=6, max_size=6),
)
@settings(max_examples=150, deadline=None)
def test_every_style_of_one_uk_number_matches(area, rest):
    national = (area + rest + "0000")[:10]
    expected = phonenumbers.format_number(phonenumbers.parse("+44" + national), phonenumbers.PhoneNumberFormat.E164)
    assert expected == "+44" + national
    assert {normalise_phone(style(national)) for style in STYLES} == {expected}


@pytest.mark.usefixtures("db_kind")
def test_one_person_however_their_number_is_typed_counts_once(app, world):
    typed = ["+44 (0)114 271 1900", "0044 114 271 1900", "01142711900", "(0114) 271-1900"]
    with network_scope(world.a.id):
        made = [
            services.record_feedback(
                channel="phone", what_happened=f"call {i}", theme="access", service_text="GP", phone=number
            )
            for i, number in enumerate(typed)
        ]
        db.session.commit()
        assert len({f.contact_id for f in made}) == 1
        phones = db.session.scalars(select(Contact.phone).where(Contact.phone.like("%1142711900"))).all()
        assert phones == ["+441142711900"]
        french = services.record_feedback(
            channel="phone", what_happened="appel", theme="access", service_text="GP", phone="+33 1 42 68 53 00"
        )
        db.session.commit()
        assert french.contact_id != made[0].contact_id
        with pytest.raises(ServiceError) as error:
            services.record_feedback(
                channel="phone", what_happened="x", theme="access", service_text="GP", phone="not a number"
            )
        assert error.value.field == "phone"
        db.session.rollback()


# --- the migration --------------------------------------------------------------------------

migration = importlib.import_module("linkhub.platform.migrations.versions.0090_contact_phones_e164")


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("01142711900", "+441142711900"),  # typed 0114 271 1900
        ("001142711900", "+441142711900"),  # typed +44 (0)114 271 1900: 44 -> 0 gave 0 + 0114...
        ("00441142711900", "+441142711900"),  # typed 0044 114 271 1900
        ("07700900982", "+447700900982"),
        ("0033142685300", "+33142685300"),  # typed 0033 1 42 68 53 00
        ("0012125550123", "+12125550123"),  # typed 001 212 555 0123
        ("12345", "12345"),  # no number: kept as it was
    ],
)
def test_the_migration_reads_old_stored_numbers_back(stored, expected):
    assert migration.renormalise(stored) == expected


def test_the_migration_renormalises_and_merges_people_counted_twice(tmp_path, sqlite_template):
    """Upgrade a database at 0042 holding numbers in the old form (SQLite; the per-network
    app.network_id path runs on PostgreSQL whenever the suite migrates it)."""
    from linkhub.platform import migrate
    from tests.conftest import make_config

    path = tmp_path / "old.sqlite3"
    config = make_config(tmp_path, f"sqlite:///{path}")
    migrate.upgrade(config, "0042")
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for n in (1, 2):
            conn.execute(
                text(
                    "INSERT INTO networks (id, slug, name, local_authority, region, host_organisation, "
                    "status, created_at) VALUES (:n, :s, :s, 'x', 'London', 'y', 'active', '2026-01-01')"
                ),
                {"n": n, "s": f"net-{n}"},
            )
        contacts = [
            (1, 1, "001142711900", None),
            (2, 1, "01142711900", "jo@example.org"),
            (3, 1, "00441142711900", None),
            (4, 1, "07700900982", None),
            (5, 2, "01142711900", None),
        ]
        for cid, net, phone, email in contacts:
            conn.execute(
                text(
                    "INSERT INTO contacts (id, network_id, name, email, phone, created_at) "
                    "VALUES (:i, :n, '', :e, :p, '2026-01-01')"
                ),
                {"i": cid, "n": net, "p": phone, "e": email},
            )
        for fid, (net, cid) in enumerate([(1, 1), (1, 2), (1, 2), (1, 3), (1, 4), (2, 5), (1, None)], start=1):
            conn.execute(
                text(
                    "INSERT INTO feedback (id, network_id, reference, channel, what_happened, theme, service_text, "
                    "contact_id, consent_to_contact, equality, received_at) VALUES "
                    "(:f, :n, :r, 'phone', 'x', 'access', 'GP', :c, 0, '{}', '2026-01-01')"
                ),
                {"f": fid, "n": net, "r": f"REF{fid}", "c": cid},
            )
        feedback_before = conn.scalar(text("SELECT count(*) FROM feedback"))
    migrate.upgrade(config, "0090")
    with engine.connect() as conn:
        rows = {r.id: r for r in conn.execute(text("SELECT * FROM contacts ORDER BY id"))}
        assert rows[1].phone == "+441142711900" and rows[1].email == "jo@example.org"
        assert rows[2].merged_into_id == 1 and rows[3].merged_into_id == 1 and rows[2].phone is None
        assert rows[4].phone == "+447700900982" and rows[4].merged_into_id is None
        assert rows[5].phone == "+441142711900" and rows[5].merged_into_id is None  # another network
        assert conn.scalar(text("SELECT count(*) FROM feedback")) == feedback_before
        people = conn.scalar(text("SELECT count(DISTINCT contact_id) FROM feedback WHERE network_id = 1"))
        assert people == 2  # was 4: one caller counted three times, plus one other
        assert conn.scalar(text("SELECT count(*) FROM feedback WHERE contact_id = 1")) == 4
    engine.dispose()
