"""Issue 12, finding 6: no input gives a 500, and refused input writes nothing.

Every write endpoint of the API and every form page is discovered from the URL map (as
tests/integration/test_isolation.py does), with network A's own ids in the URL. Each gets:

- ``nul``: a NUL byte (and other control characters) in every text field;
- ``big_id``: 2**31 in every id field (one past a database integer);
- ``iso_date``: every GOV.UK date field as one ISO value (``planned_on=2026-12-20``; a real
  date, so the form may save it), and ``odd_date``: four parts (an error, nothing written).

The oracle: the status is below 500 (API: a 4xx), and the number of rows in every table is the
same before and after (counted as the owner, so row-level security hides nothing).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import marshmallow as ma
import pytest
from sqlalchemy import func, select, text
from werkzeug.datastructures import MultiDict

from linkhub.platform.db import MAX_ID, db
from tests.helpers import bearer, sign_in
from tests.integration.test_isolation import url_for_rule

WRITE = {"POST", "PUT", "PATCH", "DELETE"}
NUL_TEXT = "Before\x00after\x01\x1b[31m"
BIG_ID = MAX_ID + 1
# Endpoints whose side effect is not a row of their own network (signing out ends the session).
SKIP = {"shell.sign_out"}


def _row_counts(app, request) -> dict[str, int]:
    tables = [t.name for t in db.metadata.sorted_tables]
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        engine = request.getfixturevalue("pg_owner_engine")
        with engine.connect() as conn:
            return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}
    counts = {}
    for table in db.metadata.sorted_tables:
        counts[table.name] = db.session.execute(select(func.count()).select_from(table)).scalar()
    db.session.rollback()
    return counts


def _url(rule, ids: dict) -> str:
    if "<network_slug>" in rule.rule:
        return url_for_rule(rule, "alpha", ids)
    path = rule.rule
    for arg in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{arg}>", str(ids.get(arg, 1)), path)
    return path


# --- API: a body built from the endpoint's own schema ------------------------------------------


def _sample(field: ma.fields.Field, name: str, ids: dict, attack: str):
    is_id = (
        name == "id" or name.endswith("_id") or isinstance(field, ma.fields.Integer) and "Id" in type(field).__name__
    )
    if isinstance(field, ma.fields.List):
        inner = _sample(field.inner, name.removesuffix("s"), ids, attack)
        return [] if inner is None else [inner]
    if isinstance(field, ma.fields.Nested):
        schema = field.schema
        return {k: _sample(f, k, ids, attack) for k, f in schema.fields.items() if not f.dump_only}
    if isinstance(field, ma.fields.Integer):
        if attack == "big_id" and (is_id or name.endswith("_ids")):
            return BIG_ID
        return ids.get(name, 1) if is_id else 1
    if isinstance(field, ma.fields.Boolean):
        return True
    if isinstance(field, (ma.fields.Date, ma.fields.DateTime)):
        return "2026-12-20" if isinstance(field, ma.fields.Date) else "2026-12-20T10:00:00Z"
    if isinstance(field, ma.fields.Email):
        return "someone\x00@example.org" if attack == "nul" else "someone@example.org"
    if isinstance(field, ma.fields.String):
        choices = getattr(
            next((v for v in field.validators if isinstance(v, ma.validate.OneOf)), None), "choices", None
        )
        if choices:
            return list(choices)[0]
        return NUL_TEXT if attack == "nul" else "Some words"
    if isinstance(field, ma.fields.Dict):
        return {"note": NUL_TEXT} if attack == "nul" else {}
    return None


def _api_body(view, ids: dict, attack: str):
    for parameter in (getattr(view, "_apidoc", {}).get("arguments") or {}).get("parameters", []):
        if parameter.get("in") != "json":
            continue
        schema = parameter["schema"]
        schema = schema() if isinstance(schema, type) else schema
        body = {}
        for name, field in schema.fields.items():
            if field.dump_only:
                continue
            value = _sample(field, field.data_key or name, ids, attack)
            if value is not None:
                body[field.data_key or name] = value
        return body
    return None  # the endpoint reads no body: nothing to refuse


def _api_writes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.rule.startswith("/api/") and rule.methods & WRITE:
            for method in sorted(rule.methods & WRITE):
                yield rule, method


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("attack", ["nul", "big_id"])
def test_every_api_write_refuses_control_characters_and_big_ids_with_a_4xx_and_writes_nothing(
    app, client, world, db_kind, attack, request
):
    ids = world.records["alpha"]
    wrong, checked = [], 0
    for rule, method in _api_writes(app):
        token = world.tokens["operator"] if "/networks/" not in rule.rule else world.tokens["admin_a"]
        body = _api_body(app.view_functions[rule.endpoint], ids, attack)
        marker = str(BIG_ID) if attack == "big_id" else "\\u0000"
        if body is None or marker not in json.dumps(body):
            continue  # no body, or nothing the attack goes into (no id, no text)
        before = _row_counts(app, request)
        response = client.open(_url(rule, ids), method=method, json=body, headers=bearer(token))
        after = _row_counts(app, request)
        checked += 1
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        if not 400 <= response.status_code < 500 or changed:
            wrong.append((method, rule.rule, response.status_code, changed, response.data[:200]))
    print(f"api-matrix {attack} {db_kind}: {checked} endpoints")
    assert checked > {"nul": 20, "big_id": 5}[attack], checked
    assert not wrong, "\n".join(map(str, wrong))


# --- Pages: every form, filled from its own page -----------------------------------------------


class _Inputs(HTMLParser):
    """The named controls of every POST form on a page: [(action, {name: (kind, value)})]."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict]] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.forms.append((a.get("action") or "", {}))
        if not self.forms:
            return
        fields = self.forms[-1][1]
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                fields.setdefault(name, (kind, a.get("value") or "y"))
            elif kind not in ("submit", "button", "file"):
                fields[name] = (kind, a.get("value") or "")
        elif tag == "textarea" and name:
            fields[name] = ("textarea", "")
        elif tag == "select" and name:
            fields[name] = ("select", "")
            self._select = name
        elif tag == "option" and self._select and a.get("value"):
            kind, value = fields[self._select]
            if not value:
                fields[self._select] = (kind, a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _form_data(fields: dict, attack: str) -> list[tuple[str, str]]:
    data: list[tuple[str, str]] = []
    for name, (kind, value) in fields.items():
        if name == "csrf_token":
            continue
        if kind == "date-group":
            if attack == "iso_date":
                data.append((name, "2026-12-20"))
            elif attack == "odd_date":
                data.extend([(name, "20"), (name, "12"), (name, "2026"), (name, "1")])
            else:
                data.extend([(name, "20"), (name, "12"), (name, "2026")])
        elif attack == "big_id" and name.endswith("_id"):
            data.append((name, str(BIG_ID)))
        elif kind in TEXT_KINDS:
            data.append((name, NUL_TEXT if attack == "nul" else value or "Some words"))
        else:
            data.append((name, value))
    return data


TEXT_KINDS = ("text", "textarea", "email", "search", "tel", "url", "password")


def _applies(fields: dict, attack: str) -> bool:
    """The form has a field the attack goes into (a form of selects only has no text)."""
    if attack == "nul":
        return any(kind in TEXT_KINDS for kind, _ in fields.values())
    if attack == "big_id":
        return any(name.endswith("_id") for name in fields)
    return bool(_date_groups(fields))


def _date_groups(fields: dict) -> list[str]:
    """GOV.UK date inputs: three inputs with one name (govuk-frontend-wtf), ids name-day etc."""
    return [n for n, (kind, _) in fields.items() if kind == "date-group"]


class _DateAware(_Inputs):
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") and (a.get("id") or "").endswith(("-day", "-month", "-year")):
            if self.forms:
                self.forms[-1][1][a["name"]] = ("date-group", "")
            return
        super().handle_starttag(tag, attrs)


def _form_pages(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if rule.rule.startswith(("/api/", "/static", "/assets")) or rule.endpoint in SKIP:
            continue
        if "POST" in rule.methods and "GET" in rule.methods:
            yield rule


@pytest.mark.parametrize("db_kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("attack", ["nul", "big_id", "iso_date", "odd_date"])
def test_every_form_refuses_control_characters_big_ids_and_odd_dates_without_a_500_or_a_write(
    app, client, world, db_kind, attack, request
):
    ids = world.records["alpha"]
    wrong, forms = [], 0
    for who in ("admin_a", "operator"):
        client.delete_cookie("session")
        sign_in(client, world.users[who].email)
        for rule in _form_pages(app):
            if ("<network_slug>" in rule.rule) != (who == "admin_a"):
                continue
            url = _url(rule, ids)
            page = client.get(url)
            if page.status_code != 200:
                continue
            parser = _DateAware()
            parser.feed(page.get_data(as_text=True))
            for action, fields in parser.forms:
                target = action or url
                if not target.startswith("/") or target.endswith("/sign-out"):
                    continue
                if not _applies(fields, attack):
                    continue
                before = _row_counts(app, request)
                response = client.post(target, data=MultiDict(_form_data(fields, attack)))
                after = _row_counts(app, request)
                forms += 1
                changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
                if attack == "iso_date":
                    # one ISO value is a real date: it may be saved; a four-part one may not
                    changed = {}
                if response.status_code == 200 and set(changed) == {"audit_events"}:
                    changed = {}  # the page shown again records that personal data was viewed
                if response.status_code >= 500 or changed:
                    wrong.append((who, target, response.status_code, changed))
    print(f"form-matrix {attack} {db_kind}: {forms} forms")
    assert forms > {"nul": 30, "big_id": 10}.get(attack, 5), forms
    assert not wrong, "\n".join(map(str, wrong))
