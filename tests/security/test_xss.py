"""Issue 12, findings 1 and 2: user text never reaches a page unescaped.

1. The feedback thank-you page put ``?ref=`` into the panel's ``html`` (reflected XSS).
2. The flash banner rendered every message as ``html``, and views put user-written titles in
   their messages (stored XSS); flash messages are text now.
A source audit keeps it so: every ``"html":`` a template gives a GOV.UK component is a
``{% set %}`` block (Markup, with what it interpolates escaped), never a joined string.
"""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import escape

from tests.helpers import sign_in

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ROOT = Path(__file__).resolve().parents[2] / "linkhub"


def test_feedback_thanks_page_does_not_reflect_a_script_from_ref(client, world):
    response = client.get("/networks/alpha/feedback/thanks", query_string={"ref": PAYLOAD})
    assert response.status_code == 200
    assert b"<script>alert" not in response.data and b"onerror=alert" not in response.data


def test_feedback_thanks_page_still_shows_a_real_reference(client, world):
    response = client.get("/networks/alpha/feedback/thanks", query_string={"ref": "AB23-CD45"})
    assert b"Your reference<br><strong>AB23-CD45</strong>" in response.data


def test_flash_message_with_a_user_title_is_escaped(client, world):
    sign_in(client, world.users["admin_a"].email)
    response = client.post(
        "/networks/alpha/work-programme/groups/new",
        data={"name": PAYLOAD, "purpose": "", "members": ""},
        follow_redirects=True,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "has been set up" in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert str(escape(PAYLOAD)) in page


def test_flash_text_turns_markup_into_plain_text():
    from markupsafe import Markup

    from linkhub.platform.security import flash_text

    assert type(flash_text(Markup("<b>x</b>"))) is str
    assert str(escape(flash_text(Markup("<b>x</b>")))) == "&lt;b&gt;x&lt;/b&gt;"


def test_base_template_renders_flash_messages_as_text():
    base = (ROOT / "platform" / "templates" / "base.html").read_text()
    banner = re.search(r"govukNotificationBanner\((.*?)\) }}", base.split("get_flashed_messages")[1], re.S).group(1)
    assert '"text": message' in banner and '"html"' not in banner


def test_every_html_parameter_in_a_template_is_a_set_block():
    """Audit of every template in linkhub/: a component's ``html`` gets a name assigned by a
    ``{% set name %}...{% endset %}`` block (autoescaped Markup) and nothing else."""
    wrong = []
    for template in sorted(ROOT.rglob("templates/**/*.html")):
        source = template.read_text()
        blocks = set(re.findall(r"{%-?\s*set\s+(\w+)\s*-?%}", source))
        for match in re.finditer(r"[\"']html[\"']\s*:\s*([^,}]+)", source):
            value = match.group(1).strip()
            if value not in blocks:
                wrong.append(f"{template.relative_to(ROOT)}: html: {value}")
    assert not wrong, "\n".join(wrong)


def test_no_template_uses_the_safe_filter():
    wrong = [
        str(t.relative_to(ROOT))
        for t in ROOT.rglob("templates/**/*.html")
        if re.search(r"\|\s*safe\b|{%-?\s*autoescape\s+false", t.read_text())
    ]
    assert not wrong, wrong


FREE_TEXT = {
    "name", "title", "summary", "body", "description", "text", "what_happened", "notes", "note", "purpose",
    "members", "outcome", "owner", "achieved", "findings", "observations", "response", "reason", "message",
    "service_text", "contact_name", "job_title", "details", "action_promised", "impact", "impact_evidence",
    "original_title", "original_text", "refused_reason", "recommendation", "question", "answer", "comment",
}  # fmt: skip
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'


def test_every_page_escapes_user_text(app, client, world):
    """Every free-text column of network A's rows holds a script payload; every page of the
    network (walked from the URL map, with A's ids) is fetched as its admin, and no page of
    HTML carries the payload unescaped."""
    from sqlalchemy import String, select

    from linkhub.platform.db import db
    from linkhub.platform.migrations.security import tenant_tables
    from linkhub.platform.tenancy import network_scope
    from tests.integration.test_isolation import url_for_rule

    models = {m.class_.__tablename__: m.class_ for m in db.Model.registry.mappers}
    planted = 0
    with network_scope(world.a.id):
        for table in tenant_tables():
            model = models[table]
            columns = [c for c in model.__table__.columns if isinstance(c.type, String) and c.name in FREE_TEXT]
            if not columns:
                continue
            for row in db.session.scalars(select(model)).all():
                for column in columns:
                    length = getattr(column.type, "length", None) or 10_000
                    value = f"{SCRIPT}{IMG}{row.id}"
                    if len(value) <= length:
                        setattr(row, column.key, value)
                        planted += 1
        db.session.commit()
    assert planted > 20, planted
    sign_in(client, world.users["admin_a"].email)
    pages, wrong = 0, []
    for rule in app.url_map.iter_rules():
        if "<network_slug>" not in rule.rule or rule.rule.startswith("/api/") or "GET" not in rule.methods:
            continue
        response = client.get(url_for_rule(rule, "alpha", world.records["alpha"]))
        if response.status_code != 200 or not response.mimetype == "text/html":
            continue
        pages += 1
        body = response.get_data(as_text=True)
        if SCRIPT in body or "<img src=x" in body:
            wrong.append(rule.rule)
    print(f"xss-matrix: {planted} values planted, {pages} pages checked")
    assert pages > 40, pages
    assert not wrong, wrong
