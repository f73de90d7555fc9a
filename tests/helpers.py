"""Test data builders shared by the suites."""

from __future__ import annotations

import re as _re
from html.parser import HTMLParser

from types import SimpleNamespace

from linkhub.platform import services
from linkhub.platform.db import db
from linkhub.platform.tenancy import network_scope
from linkhub.tenants.directory import services as directory

PASSWORD = "correct-horse-battery"


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.a = services.create_network(
        slug="alpha",
        name="Alpha LINk",
        local_authority="Alpha Council",
        region="North West",
        host_organisation="Alpha CVS",
    )
    w.b = services.create_network(
        slug="beta",
        name="Beta LINk",
        local_authority="Beta Council",
        region="London",
        host_organisation="Beta Voluntary Action",
    )
    people = {
        "operator": ("op@example.org", "operator", []),
        "reader": ("reader@example.org", "national_reader", []),
        "admin_a": ("admin-a@example.org", None, [(w.a, "network_admin")]),
        "staff_a": ("staff-a@example.org", None, [(w.a, "staff")]),
        "member_a": ("member-a@example.org", None, [(w.a, "member")]),
        "admin_b": ("admin-b@example.org", None, [(w.b, "network_admin")]),
        "both": ("both@example.org", None, [(w.a, "staff"), (w.b, "staff")]),
    }
    w.users = {}
    for key, (email, platform_role, roles) in people.items():
        user = services.create_user(
            email=email, name=key.replace("_", " ").title(), password=PASSWORD, platform_role=platform_role
        )
        for network, role in roles:
            services.add_membership(user, network, role)
        w.users[key] = user
    db.session.commit()
    w.records = {}
    for network in (w.a, w.b):
        with network_scope(network.id):
            provider = directory.add_provider(name=f"{network.name} General Hospital", kind="nhs_trust")
            service = directory.add_service(provider_id=provider.id, name="A&E", service_type="emergency")
            db.session.commit()
            w.records[network.slug] = {"provider_id": provider.id, "service_id": service.id}
    w.tokens = {}
    for key, network, role in (("admin_a", w.a, "network_admin"), ("admin_b", w.b, "network_admin")):
        token, secret = services.create_token(w.users[key], name="test", role=role, network=network)
        w.tokens[key] = secret
        w.records[network.slug]["token_id"] = token.id
        membership = next(m for m in w.users[key].memberships if m.network_id == network.id)
        w.records[network.slug]["membership_id"] = membership.id
    op_token, op_secret = services.create_token(w.users["operator"], name="ops", role="operator", network=None)
    w.tokens["operator"] = op_secret
    db.session.commit()
    extend_world(w)
    return w


def extend_world(w) -> None:
    """Let each domain add its records: every ``tests/worlds/<domain>.py`` has ``build(w, network)``,
    called once per network inside its scope, returning {"<arg>_id": id, ...} for the isolation
    matrix (one id per URL argument its routes use)."""
    import importlib
    import pkgutil

    import tests.worlds as worlds

    for info in sorted(pkgutil.iter_modules(worlds.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"tests.worlds.{info.name}")
        for network in (w.a, w.b):
            with network_scope(network.id):
                ids = module.build(w, network) or {}
                db.session.commit()
            w.records[network.slug].update(ids)


def sign_in(client, email: str, password: str = PASSWORD):
    response = client.post("/sign-in", data={"email": email, "password": password})
    assert response.status_code == 302, response.data[:500]
    return response


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        self.parts.append(data)


BLOCKS = {"p", "div", "dt", "dd", "td", "th", "tr", "li", "br", "h1", "h2", "h3", "table", "caption"}


def page_text(html: str) -> str:
    """What a reader gets from the page: text nodes joined as the browser joins inline text."""
    parser = _Text()
    parser.feed(html)
    return _re.sub(r"\s+", " ", "".join(parser.parts))
