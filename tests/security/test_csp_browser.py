"""Issue 12, finding 4 in a real browser: under the strict CSP, GOV.UK Frontend's inline script
(allowed by its nonce) and its module still run, and Chromium reports no CSP violation on the
pages people use, signed out and signed in."""

from __future__ import annotations

PAGES = ["/", "/sign-in", "/reports", "/networks/alpha/", "/networks/alpha/feedback/new", "/service-feedback"]
SIGNED_IN = ["/networks/alpha/", "/networks/alpha/feedback/", "/networks/alpha/work-programme/", "/account"]


def _violations(page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security Policy" in m.text else None)
    return seen


def test_pages_run_govuk_frontend_without_csp_violations(page, live_server):
    seen = _violations(page)
    for path in PAGES:
        page.goto(path)
        classes = page.evaluate("document.body.className")
        assert "js-enabled" in classes and "govuk-frontend-supported" in classes, (path, classes)
    page.goto("/sign-in")
    page.fill("#email", live_server.emails["admin_a"])
    page.fill("#password", live_server.password)
    page.click("button:has-text('Sign in')")
    for path in SIGNED_IN:
        response = page.goto(path)
        assert response.status == 200 and response.headers["cache-control"] == "no-store", path
        assert "js-enabled" in page.evaluate("document.body.className"), path
    assert not seen, seen
