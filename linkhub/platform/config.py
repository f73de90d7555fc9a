"""Configuration from environment variables, each with an embedded default.

The names are fixed by DESIGN.md:

- ``LINKHUB_DATABASE_URL``: the *owner* URL, used by migrations. Default: SQLite file in ``instance/``.
  On PostgreSQL the web app and workers do not use the owner: they connect as the application
  role (``LINKHUB_DATABASE_APP_USER``, default ``linkhub_app``, created by the migrations) which has
  neither superuser nor BYPASSRLS, so row-level security applies to every query they make.
  ``LINKHUB_APP_DATABASE_URL`` overrides the derived application URL entirely.
  The federation lane's actor connects as a third role (``LINKHUB_DATABASE_FEDERATION_USER``,
  default ``linkhub_federation``, password ``LINKHUB_DATABASE_FEDERATION_PASSWORD``, or the whole
  URL in ``LINKHUB_FEDERATION_DATABASE_URL``), derived the same way, which has no grant on any
  tenant table. On SQLite every lane uses the one file (SQLite has no roles).
  The platform role (``LINKHUB_DATABASE_PLATFORM_USER``, default ``linkhub_platform``, password
  ``LINKHUB_DATABASE_PLATFORM_PASSWORD``, or ``LINKHUB_PLATFORM_DATABASE_URL``) is the only one
  that may open a platform-wide scope: it can do nothing but write a grant naming one
  transaction of the application role (``linkhub.platform.tenancy``), so the application role
  cannot lift row-level security with any statement of its own. Give it its own password.
- ``LINKHUB_BROKER_URL``: unset = in-process broker and worker; ``amqp://...`` = RabbitMQ.
- ``LINKHUB_SEARCH_URL``: unset = the SQL search backend of the database in use.
- ``LINKHUB_SECRET_KEY``: generated into ``instance/secret_key`` when absent.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]
# A source checkout keeps instance/ at its root; an installed package uses ./instance of the
# working directory (deployments set LINKHUB_INSTANCE_PATH, e.g. /var/lib/linkhub).
DEFAULT_INSTANCE = PROJECT_ROOT / "instance" if (PROJECT_ROOT / "pyproject.toml").exists() else Path.cwd() / "instance"
APP_ROLE_DEFAULT = "linkhub_app"
FEDERATION_ROLE_DEFAULT = "linkhub_federation"
PLATFORM_ROLE_DEFAULT = "linkhub_platform"


def normalise_db_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever spelling the URL uses."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def app_role_url(owner_url: str, app_user: str, password: str | None) -> str:
    """The owner URL with the application role as user."""
    url = make_url(owner_url).set(username=app_user, password=password)
    return url.render_as_string(hide_password=False)


def _secret_key(instance: Path) -> str:
    key = os.environ.get("LINKHUB_SECRET_KEY")
    if key:
        return key
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    """Production-like settings read from the environment."""

    TESTING = False

    def __init__(self, **overrides):
        env = os.environ
        instance = Path(env.get("LINKHUB_INSTANCE_PATH", DEFAULT_INSTANCE))
        self.INSTANCE_PATH = str(instance)
        owner = normalise_db_url(env.get("LINKHUB_DATABASE_URL", f"sqlite:///{instance / 'linkhub.sqlite3'}"))
        self.DATABASE_OWNER_URL = owner
        self.DATABASE_APP_USER = env.get("LINKHUB_DATABASE_APP_USER", APP_ROLE_DEFAULT)
        self.DATABASE_APP_PASSWORD = env.get("LINKHUB_DATABASE_APP_PASSWORD") or None
        self.DATABASE_FEDERATION_USER = env.get("LINKHUB_DATABASE_FEDERATION_USER", FEDERATION_ROLE_DEFAULT)
        self.DATABASE_FEDERATION_PASSWORD = env.get("LINKHUB_DATABASE_FEDERATION_PASSWORD") or None
        self.DATABASE_PLATFORM_USER = env.get("LINKHUB_DATABASE_PLATFORM_USER", PLATFORM_ROLE_DEFAULT)
        self.DATABASE_PLATFORM_PASSWORD = env.get("LINKHUB_DATABASE_PLATFORM_PASSWORD") or None
        # The platform role's URL (PostgreSQL only: SQLite has no row-level security to lift).
        self.PLATFORM_DATABASE_URI = None
        if owner.startswith("postgresql"):
            self.PLATFORM_DATABASE_URI = normalise_db_url(
                env.get("LINKHUB_PLATFORM_DATABASE_URL")
                or app_role_url(owner, self.DATABASE_PLATFORM_USER, self.DATABASE_PLATFORM_PASSWORD)
            )
            app_url = env.get("LINKHUB_APP_DATABASE_URL") or app_role_url(
                owner, self.DATABASE_APP_USER, self.DATABASE_APP_PASSWORD
            )
            federation_url = env.get("LINKHUB_FEDERATION_DATABASE_URL") or app_role_url(
                owner, self.DATABASE_FEDERATION_USER, self.DATABASE_FEDERATION_PASSWORD
            )
        else:
            app_url = federation_url = owner
        self.SQLALCHEMY_DATABASE_URI = normalise_db_url(app_url)
        # The database URL of each outbox lane other than the default (linkhub.platform.lanes).
        self.LANE_DATABASE_URIS = {"federation": normalise_db_url(federation_url)}
        # No pool_pre_ping: a pooled connection is pinged only after lying idle (linkhub.platform.db).
        self.SQLALCHEMY_ENGINE_OPTIONS: dict = {}
        self.BROKER_URL = env.get("LINKHUB_BROKER_URL", "")
        self.SEARCH_URL = env.get("LINKHUB_SEARCH_URL", "")
        # The address people reach the service at, for links in e-mails (never the Host header);
        # empty in the embedded default, where the request's own host is used.
        self.PUBLIC_URL = env.get("LINKHUB_PUBLIC_URL", "")
        # Real e-mail (linkhub.platform.mail): unset = store messages only (the embedded default).
        self.SMTP_URL = env.get("LINKHUB_SMTP_URL", "")
        self.MAIL_FROM = env.get("LINKHUB_MAIL_FROM", "LINkHub <no-reply@linkhub.localhost>")
        self.SMTP_TIMEOUT = float(env.get("LINKHUB_SMTP_TIMEOUT", "10"))
        self.SECRET_KEY = overrides.pop("SECRET_KEY", None) or _secret_key(instance)
        # Session cookies: HttpOnly and SameSite always; Secure unless explicitly serving plain
        # HTTP on localhost (the embedded default), so production never sends them in clear.
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = env.get("LINKHUB_INSECURE_COOKIES", "0") != "1"
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.PERMANENT_SESSION_LIFETIME = 8 * 3600
        self.WTF_CSRF_TIME_LIMIT = 8 * 3600
        # WTForms' own messages in English as written (its en catalogue says the same), not
        # flask-wtf's per-request loading of that catalogue from disk (a third of a form's CPU).
        self.WTF_I18N_ENABLED = False
        # Rate-limit counters: shared by every process in Redis (``redis://...``) wherever more
        # than one process serves; ``memory://`` (one process's own counters) is the embedded
        # default only. An empty value means "memory:// when embedded" (see create_app).
        self.RATELIMIT_STORAGE_URI = env.get("LINKHUB_RATELIMIT_STORAGE_URL", "")
        self.RATELIMIT_ENABLED = True
        # Sign-in: every attempt counts against the address; failed attempts count against the
        # account too, in a short fixed window, so guessing one person's password from many
        # addresses stops, and one address can lock a person out for this window at most.
        self.LOGIN_RATE_LIMIT = env.get("LINKHUB_LOGIN_RATE_LIMIT", "10 per minute")
        self.LOGIN_ACCOUNT_RATE_LIMIT = env.get("LINKHUB_LOGIN_ACCOUNT_RATE_LIMIT", "10 per 10 minutes")
        # Reverse proxies in front of the app that set X-Forwarded-For/-Proto (werkzeug's
        # ProxyFix): 0 in the embedded default (nobody in front, so the headers are ignored), 1
        # behind one nginx/Caddy. The client address rate limits are keyed on comes from them.
        self.PROXY_HOPS = int(env.get("LINKHUB_PROXY_HOPS", "0"))
        # Host headers the app answers (Flask refuses any other with a 400 before a view runs):
        # LINKHUB_TRUSTED_HOSTS (comma-separated; ".example.org" matches its subdomains), else
        # the host of LINKHUB_PUBLIC_URL, else the loopback names of the embedded default.
        self.TRUSTED_HOSTS = trusted_hosts(env.get("LINKHUB_TRUSTED_HOSTS", ""), self.PUBLIC_URL)
        self.SEARCH_API_RATE_LIMIT = env.get("LINKHUB_SEARCH_API_RATE_LIMIT", "120 per minute")
        # Failed calendar-address keys only (successful polls are not counted).
        self.CALENDAR_KEY_RATE_LIMIT = env.get("LINKHUB_CALENDAR_KEY_RATE_LIMIT", "30 per minute")
        # Outbox: how often the relay looks for new rows, and how many of an event's own handler
        # failures we allow before it is a dead letter.
        self.OUTBOX_POLL_SECONDS = float(env.get("LINKHUB_OUTBOX_POLL_SECONDS", "0.2"))
        self.OUTBOX_MAX_DELIVERIES = int(env.get("LINKHUB_OUTBOX_MAX_DELIVERIES", "5"))
        # Worker deaths while an event ran alone before it is a dead letter (outbox.process).
        self.OUTBOX_MAX_CRASHES = int(env.get("LINKHUB_OUTBOX_MAX_CRASHES", "3"))
        self.OUTBOX_REPUBLISH_AFTER_SECONDS = int(env.get("LINKHUB_OUTBOX_REPUBLISH_AFTER", "300"))
        # The relay's claim on rows it is publishing lapses after this (a relay that died).
        self.OUTBOX_CLAIM_SECONDS = int(env.get("LINKHUB_OUTBOX_CLAIM_SECONDS", "120"))
        # RabbitMQ: a publish blocked by a disk or memory alarm fails after this many seconds.
        self.BROKER_BLOCKED_TIMEOUT = float(env.get("LINKHUB_BROKER_BLOCKED_TIMEOUT", "10"))
        # classic (default) or quorum queues (a RabbitMQ cluster).
        self.BROKER_QUEUE_TYPE = env.get("LINKHUB_BROKER_QUEUE_TYPE", "classic")
        self.WORKER_THREADS = int(env.get("LINKHUB_WORKER_THREADS", "4"))
        # Modules imported by workers so they can register extra event handlers.
        self.WORKER_IMPORTS = [m for m in env.get("LINKHUB_WORKER_IMPORTS", "").split(",") if m]
        # The embedded default runs worker threads inside the web process.
        self.EMBEDDED_WORKER = env.get("LINKHUB_EMBEDDED_WORKER", "1" if not self.BROKER_URL else "0") == "1"
        self.API_TITLE = "LINkHub API"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api/v1"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.SERVICE_NAME = "LINkHub"
        for key, value in overrides.items():
            setattr(self, key, value)


LOOPBACK_HOSTS = ["localhost", "127.0.0.1"]


def trusted_hosts(configured: str, public_url: str) -> list[str] | None:
    """The Host names to answer; None (any host) only when configured as ``*``."""
    names = [n.strip() for n in configured.split(",") if n.strip()]
    if names == ["*"]:
        return None
    if names:
        return names
    if public_url:
        host = urlsplit(public_url).hostname
        if host:
            return [host]
    return list(LOOPBACK_HOSTS)


def is_postgres(url: str) -> bool:
    return url.startswith("postgresql")
