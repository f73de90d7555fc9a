"""Flask extensions created once at import and bound to the app by the factory."""

from __future__ import annotations

import hashlib
import threading

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from limits.storage import MemoryStorage

csrf = CSRFProtect()
# Plural forms (ngettext) in code and templates; British English is the only locale for now.
babel = Babel()
# The client address is the request's remote address: ProxyFix (create_app, PROXY_HOPS) has put
# the address the trusted proxy saw there, so citizens behind one proxy do not share a limit.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def login_account_limit() -> str:
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def login_account_key() -> str:
    """The account a sign-in names (the e-mail address, folded and hashed: the key is stored)."""
    email = (request.form.get("email") or "").strip().lower()
    return "sign-in-account:" + hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()


def failed_sign_in(response) -> bool:
    """Only a failed sign-in counts against the account (a success redirects)."""
    return response.status_code != 302


class ThreadSafeMemoryStorage(MemoryStorage):
    """limits' memory storage, whose expiry timer two threads could start at once
    (``RuntimeError: threads can only be started once``, a 500): the embedded default runs one
    process with several threads, so the restart is made under a lock."""

    STORAGE_SCHEME = ["linkhub-memory"]
    _timer_lock = threading.Lock()

    def _MemoryStorage__schedule_expiry(self) -> None:  # the parent's private method
        with self._timer_lock:
            if not self.timer.is_alive():
                expire = getattr(self, "_MemoryStorage__expire_events")  # the parent's private method
                self.timer = threading.Timer(0.01, expire)
                self.timer.daemon = True
                self.timer.start()


def ratelimit_storage(config) -> str:
    """The limiter's storage URL: the configured one (Redis where several processes serve), or
    this process's memory in the embedded default."""
    configured = (config.get("RATELIMIT_STORAGE_URI") or "").strip()
    if configured in ("", "memory://"):
        return "linkhub-memory://"
    return configured
