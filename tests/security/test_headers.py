"""Issue 12, finding 4: a strict Content-Security-Policy (a nonce for GOV.UK Frontend's one
inline script, no 'unsafe-inline'), HSTS when cookies are secure, ``Cache-Control: no-store`` on
every signed-in page, and absolute URLs from configuration, never from the Host header."""

from __future__ import annotations

import re

import pytest

from tests.helpers import sign_in


def _csp(response) -> dict[str, str]:
    policy = response.headers.get("Content-Security-Policy", "")
    return {p.split()[0]: p for p in (part.strip() for part in policy.split(";")) if p}


def test_pages_have_a_strict_csp_whose_nonce_is_on_the_inline_script(client, world):
    response = client.get("/")
    csp = _csp(response)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]
    assert csp["default-src"] == "default-src 'self'" and csp["object-src"] == "object-src 'none'"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'" and csp["base-uri"] == "base-uri 'none'"
    nonce = re.search(r"'nonce-([^']+)'", csp["script-src"]).group(1)
    page = response.get_data(as_text=True)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline, "GOV.UK Frontend's inline script is on the page"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline), inline
    assert client.get("/").headers["Content-Security-Policy"] != response.headers["Content-Security-Policy"]


def test_no_template_has_a_style_attribute_or_an_inline_handler():
    """The CSP allows no inline styles or event handlers: a template using one would break."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "linkhub"
    wrong = [
        str(t.relative_to(root))
        for t in root.rglob("templates/**/*.html")
        if re.search(r"\sstyle=|\son[a-z]+=|javascript:", t.read_text())
    ]
    assert not wrong, wrong


@pytest.mark.parametrize("app", [{"SESSION_COOKIE_SECURE": True}], indirect=True)
def test_hsts_when_cookies_are_secure(client, world):
    assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_hsts_on_the_plain_http_embedded_default(app, client, world):
    assert app.config["SESSION_COOKIE_SECURE"] is False  # LINKHUB_INSECURE_COOKIES=1 in tests
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_signed_in_pages_are_no_store_and_public_pages_may_be_cached(client, world):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    sign_in(client, world.users["admin_a"].email)
    for path in ("/", "/account", "/networks/alpha/", "/networks/alpha/feedback/", "/reports"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path


def test_api_answers_to_a_token_are_no_store(client, world):
    from tests.helpers import bearer

    response = client.get("/api/v1/networks/alpha/directory/providers", headers=bearer(world.tokens["admin_a"]))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_an_untrusted_host_header_is_refused(client, world):
    for path in ("/", "/reports.atom", "/reports.csv"):
        response = client.get(path, headers={"Host": "evil.example"})
        assert response.status_code == 400, path
        assert b"evil.example" not in response.data


@pytest.mark.parametrize(
    "app", [{"PUBLIC_URL": "https://linkhub.example", "TRUSTED_HOSTS": ["linkhub.example", "localhost"]}], indirect=True
)
def test_feeds_take_their_absolute_links_from_the_configured_public_url(client, world):
    for path in ("/reports.atom", "/reports.csv", "/reports.json"):
        body = client.get(path, headers={"Host": "localhost"}).get_data(as_text=True)
        assert "http://localhost" not in body, path
    atom = client.get("/reports.atom").get_data(as_text=True)
    assert "https://linkhub.example/reports" in atom


def test_trusted_hosts_come_from_configuration(monkeypatch):
    from linkhub.platform.config import trusted_hosts

    assert trusted_hosts("", "") == ["localhost", "127.0.0.1"]
    assert trusted_hosts("", "https://linkhub.example.org/") == ["linkhub.example.org"]
    assert trusted_hosts("a.example, .b.example", "https://linkhub.example.org") == ["a.example", ".b.example"]
    assert trusted_hosts("*", "") is None
