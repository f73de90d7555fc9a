"""Issue 12, finding 6 (unit level): the pieces the input matrix relies on.

- every form derives from the platform's FlaskForm (control characters, GOV.UK dates);
- control characters are a field error in a form, a 422 in the API, an error line in a CSV
  import's dry run, and a refused flush anywhere else;
- the one bounded id field (schemas) and id coercion (forms);
- a GOV.UK date accepts three parts or one ISO value, anything else is a field error.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import marshmallow as ma
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from linkhub.platform.db import MAX_ID, db
from linkhub.platform.tenancy import network_scope
from tests.helpers import bearer, sign_in

ROOT = Path(__file__).resolve().parents[2] / "linkhub"
CONTROL_CHARS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))]


def test_every_form_in_the_package_derives_from_the_platform_form():
    wrong = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*.py")
        if p.name != "forms.py" or p.parent.name != "platform"
        if re.search(r"from flask_wtf import .*FlaskForm|flask_wtf\.FlaskForm", p.read_text())
    ]
    assert not wrong, wrong


@settings(deadline=None)
@given(
    before=st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=20),
    bad=st.sampled_from(CONTROL_CHARS),
    after=st.text(max_size=20),
)
def test_any_control_character_is_found(before, bad, after):
    from linkhub.platform.validation import control_paths, has_control

    assert has_control(before + bad + after)
    assert control_paths({"a": [{"b": before + bad + after}]}) == ["a.0.b"]


@settings(deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")))
def test_ordinary_text_and_line_breaks_pass(text):
    from linkhub.platform.validation import has_control

    assert not has_control(text + "\t\r\n")


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("bad", ["\x00", "\x1b", "\x7f", "\x85"])
def test_a_public_form_with_a_control_character_is_a_field_error_and_stores_nothing(client, world, db_kind, bad):
    from linkhub.tenants.feedback.models import Feedback

    with network_scope(world.a.id):
        before = db.session.scalar(select(func.count()).select_from(Feedback))
        db.session.rollback()
    response = client.post(
        "/networks/alpha/feedback/new",
        data={"what_happened": f"Waited{bad}hours", "theme": "access", "service_id": "", "service_text": "A&E"},
    )
    assert response.status_code == 200
    assert b"Remove the control characters" in response.data and b"govuk-error-summary" in response.data
    with network_scope(world.a.id):
        assert db.session.scalar(select(func.count()).select_from(Feedback)) == before


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
def test_api_body_with_a_nul_is_a_422_naming_the_field(client, world, db_kind):
    response = client.post(
        "/api/v1/networks/alpha/directory/providers",
        json={"name": "Clinic\x00", "kind": "gp_practice"},
        headers=bearer(world.tokens["admin_a"]),
    )
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {
        "name": ["Remove the control characters (such as a NUL byte) from this text"]
    }


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
def test_csv_import_dry_run_finds_a_nul(app, world, db_kind):
    from linkhub.tenants.feedback.services.importer import import_feedback

    header = "received_on,channel,service,theme,rating,what_happened,happened_month,contact_name,email,phone,consent\n"
    body = header + "2026-01-05,phone,A&E,access,2,Waited\x00hours,2026-01,Ann,,,yes\n"
    with network_scope(world.a.id):
        dry = import_feedback(io.BytesIO(body.encode()), dry_run=True)
        assert not dry.ok and dry.errors[0][0] == 2 and "what_happened" in dry.errors[0][1]
        real = import_feedback(io.BytesIO(body.encode()), dry_run=False)
        assert not real.ok


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
def test_a_flush_never_writes_a_control_character(app, world, db_kind):
    from linkhub.platform.validation import ControlCharacters
    from linkhub.tenants.directory.models import Provider

    with network_scope(world.a.id):
        db.session.add(Provider(network_id=world.a.id, name="Bad\x00name", kind="council"))
        with pytest.raises(ControlCharacters) as caught:
            db.session.flush()
        assert caught.value.field == "name" and caught.value.status == 422
        db.session.rollback()


def test_the_bounded_id_field():
    from linkhub.platform.validation import Id

    class S(ma.Schema):
        thing_id = Id(required=True)

    assert S().load({"thing_id": MAX_ID}) == {"thing_id": MAX_ID}
    for wrong in (MAX_ID + 1, 2**63, 0, -1):
        with pytest.raises(ma.ValidationError):
            S().load({"thing_id": wrong})


def test_every_id_in_every_api_schema_is_bounded(app):
    """Walks the arguments of every API endpoint: each integer field named *_id / id (or a
    list of them) is the bounded Id field."""
    from linkhub.platform.validation import Id

    wrong = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        for parameter in (getattr(view, "_apidoc", {}).get("arguments") or {}).get("parameters", []):
            schema = parameter["schema"]
            schema = schema() if isinstance(schema, type) else schema
            for name, field in schema.fields.items():
                inner = field.inner if isinstance(field, ma.fields.List) else field
                if (name == "id" or name.endswith(("_id", "_ids"))) and isinstance(inner, ma.fields.Integer):
                    if not isinstance(inner, Id) and not field.dump_only:
                        wrong.append(f"{rule.rule} {type(schema).__name__}.{name}")
    assert not wrong, wrong


@pytest.mark.parametrize("value,expected", [("5", 5), ("0", 0), (str(MAX_ID), MAX_ID), ("", None)])
def test_form_ids_in_range(value, expected):
    from linkhub.platform.validation import form_id

    assert form_id(value) == expected


@pytest.mark.parametrize("value", [str(MAX_ID + 1), "-1", "99999999999999999999"])
def test_form_ids_out_of_range(value):
    from linkhub.platform.validation import form_id

    with pytest.raises(ValueError):
        form_id(value)


def _date_form(app, values):
    from govuk_frontend_wtf.wtforms_widgets import GovDateInput
    from wtforms import DateField
    from wtforms.validators import Optional

    from linkhub.platform.forms import FlaskForm

    class F(FlaskForm):
        class Meta:
            csrf = False

        planned_on = DateField("Planned on", widget=GovDateInput(), format="%d %m %Y", validators=[Optional()])

    with app.test_request_context("/", method="POST"):
        form = F(formdata=MultiDict([("planned_on", v) for v in values]))
        valid = form.validate()
        html = str(form.planned_on())  # the page shown again must render, whatever was sent
        return valid, form.planned_on.data, form.planned_on.errors, html


@pytest.mark.parametrize(
    "values,ok,day",
    [
        (["20", "12", "2026"], True, date(2026, 12, 20)),
        (["2026-12-20"], True, date(2026, 12, 20)),
        (["20/12/2026"], False, None),
        (["20", "12", "2026", "1"], False, None),
        (["20", "12"], False, None),
        (["", "", ""], True, None),
    ],
)
def test_gov_date_fields_take_three_parts_or_one_iso_value(app, values, ok, day):
    valid, data, errors, html = _date_form(app, values)
    assert valid is ok, errors
    assert data == day
    assert 'name="planned_on"' in html


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=5))
def test_gov_date_fields_never_crash(app, values):
    _date_form(app, values)


@pytest.mark.parametrize("db_kind", ["postgresql"])
def test_work_item_form_with_an_iso_date_saves_it(client, world, db_kind):
    from linkhub.tenants.workprogramme.models import WorkItem

    sign_in(client, world.users["admin_a"].email)
    response = client.post(
        "/networks/alpha/work-programme/items/new",
        data={
            "title": "Shorter waits",
            "owner": "Sam",
            "outcome": "Under 4 hours",
            "target_on": "2027-03-31",
            "status": "planned",
            "task_group_id": "0",
            "issue_id": "0",
        },
    )
    assert response.status_code in (200, 302)
    with network_scope(world.a.id):
        item = db.session.scalar(select(WorkItem).where(WorkItem.title == "Shorter waits"))
        if response.status_code == 302:
            assert item.target_on == date(2027, 3, 31)
        else:
            assert b"target_on" not in response.data or b"real date" not in response.data
        db.session.rollback()
