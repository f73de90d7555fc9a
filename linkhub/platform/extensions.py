"""Flask extensions created once at import and bound to the app by the factory."""

from flask import current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
# Plural forms (ngettext) in code and templates; British English is the only locale for now.
babel = Babel()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]
