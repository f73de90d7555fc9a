"""HTTP security for every response, and the two places where outside text becomes a URL.

Why our own ``after_request`` hook and not flask-talisman: what we need is small and tied to
this app's own state, and talisman would add a dependency (last release 2023) for less of it:

- the CSP nonce must reach the GOV.UK Frontend template's ``cspNonce`` variable, the one inline
  script the page has (``document.body.className += ' js-enabled'...``);
- HSTS follows ``SESSION_COOKIE_SECURE`` (behind a TLS-terminating proxy the request itself
  looks like plain HTTP, so talisman's "HTTPS request only" rule would never send it, and its
  ``force_https`` would redirect the embedded default's plain-HTTP localhost);
- ``Cache-Control: no-store`` depends on who is signed in (a person or a bearer token), which
  only the platform's ``principal()`` knows.

Host: absolute URLs (feeds, CSV, e-mails, calendar links) come from ``LINKHUB_PUBLIC_URL`` when
it is set, otherwise from a request whose Host is in ``TRUSTED_HOSTS`` (Flask refuses any other
Host with a 400 before a view runs): see :func:`external_base` and :func:`external_url_for`.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import Flask, current_app, g, has_request_context, request, session, url_for

# The inline script GOV.UK Frontend's page template writes is allowed by its nonce; everything
# else comes from our own origin. No 'unsafe-inline' for scripts or styles.
CSP = (
    "default-src 'self'; "
    "script-src 'self' 'nonce-{nonce}'; "
    "style-src 'self'; "
    "img-src 'self' data:; "
    "font-src 'self'; "
    "connect-src 'self'; "
    "object-src 'none'; "
    "base-uri 'none'; "
    "form-action 'self'; "
    "frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
MAX_NEXT = 2000


def csp_nonce() -> str:
    """This request's nonce (one per request, made on first use)."""
    if not has_request_context():
        return ""
    # On the request, not on g: g outlives a request when an app context was already pushed.
    nonce = request.environ.get("linkhub.csp_nonce")
    if nonce is None:
        nonce = request.environ["linkhub.csp_nonce"] = secrets.token_urlsafe(18)
    return nonce


def same_site_path(value: object) -> str | None:
    """``value`` when it is a path on this site, else None (for ``next=`` and the like).

    Parsed with urllib rather than string-prefixed: no scheme, no host, a leading single slash;
    no backslash (browsers read it as a slash, so ``/\\evil.example`` is another host), no
    control character or space (browsers drop a tab or a newline, so ``/%09/evil.example``
    becomes ``//evil.example``).
    """
    if not isinstance(value, str) or not value or len(value) > MAX_NEXT:
        return None
    if any(ch <= " " or ch == "\x7f" or ch == "\\" for ch in value):
        return None
    if not value.startswith("/") or value.startswith("//"):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return value


def external_base() -> str:
    """Scheme and host (with a trailing slash) for absolute links: the configured public URL,
    or in the embedded default the request's own host, which Flask checked against
    ``TRUSTED_HOSTS``."""
    configured = current_app.config.get("PUBLIC_URL") or ""
    if configured:
        return configured.rstrip("/") + "/"
    if has_request_context():
        return request.host_url
    return "http://127.0.0.1:5000/"


def external_url_for(endpoint: str, **values) -> str:
    """``url_for(..., _external=True)`` that never takes the host from the request headers
    when a public URL is configured."""
    return external_base().rstrip("/") + url_for(endpoint, **values)


def _signed_in() -> bool:
    """A person or a token is behind this request (read without a new database query: after
    the view, the principal is known; a static file never looked it up)."""
    who = g.get("principal")
    if who is not None:
        return who.user is not None or who.token is not None
    return request.authorization is not None or "_user_id" in session


def _headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP.format(nonce=csp_nonce()))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    if _signed_in() and "private" not in (headers.get("Cache-Control") or ""):
        # Personal data must not stay in a browser's or a proxy's cache. A view that chose
        # "private, max-age" itself (the calendar feed a calendar app polls by its key) keeps it.
        headers["Cache-Control"] = "no-store"
        headers.pop("Expires", None)
        headers.pop("Last-Modified", None)
        headers.pop("ETag", None)
        response.vary.add("Cookie")
    return response


def _template_nonce():
    # GOV.UK Frontend's template.html puts ``nonce="{{ cspNonce }}"`` on its inline script.
    return {"cspNonce": csp_nonce(), "csp_nonce": csp_nonce}


def flash_text(message) -> str:
    """A flash message as plain text, so the banner escapes it even if a view passed Markup."""
    return str.__str__(message) if isinstance(message, str) else str(message)


def init_app(app: Flask) -> None:
    app.after_request(_headers)
    app.context_processor(_template_nonce)
    app.add_template_filter(flash_text, "flash_text")
