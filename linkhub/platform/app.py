"""The application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import BaseLoader, ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from .api import api
from .auth import login_manager
from .config import Config
from .db import MAX_ID, db
from .discovery import blueprints, import_models, import_submodules
from .extensions import babel, csrf, limiter, ratelimit_storage

STATIC = Path(__file__).parent / "static"


class BoundedInt(IntegerConverter):
    """``<int:...>`` capped at PostgreSQL's integer range (every id column here is one)."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def create_app(config: Config | None = None) -> Flask:
    config = config or Config()
    app = Flask(
        "linkhub",
        static_folder=str(STATIC),
        static_url_path="/static",
        template_folder=str(Path(__file__).parent / "templates"),
        instance_path=config.INSTANCE_PATH,
    )
    app.config.from_object(config)
    app.config["MAX_CONTENT_LENGTH"] = 20 * 1024 * 1024
    # An id in a URL beyond a database integer is a 404, not a database error (a 500 on
    # PostgreSQL): every <int:...> route gets this bound before any blueprint registers.
    app.url_map.converters["int"] = BoundedInt
    own: BaseLoader = app.jinja_loader  # type: ignore[assignment]  # set: template_folder is given
    app.jinja_loader = ChoiceLoader(
        [
            own,
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.jinja_env.add_extension("jinja2.ext.do")

    import_models()
    import_submodules("handlers")  # every process knows every outbox handler and periodic job
    db.init_app(app)
    login_manager.init_app(app)
    csrf.init_app(app)
    app.config["RATELIMIT_STORAGE_URI"] = ratelimit_storage(app.config)
    # Redis unreachable: count in this process's memory for a while rather than answer a 500.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)
    babel.init_app(app, default_locale="en_GB", default_timezone="Europe/London")
    WTFormsHelpers(app)
    api.init_app(app)

    from . import errors, health, observability, shell

    for bp in blueprints("views", api=False):
        app.register_blueprint(bp)
    for blp in blueprints("api", api=True):
        api.register_blueprint(blp, url_prefix="/api/v1" + (blp.url_prefix or ""))
        csrf.exempt(blp)  # the API authenticates with bearer tokens, not cookies
    shell.init_app(app)
    errors.init_app(app)
    observability.init_app(app)  # JSON logs, request ids, /metrics
    health.init_app(app)  # /healthz, /readyz
    import_submodules("health")  # every layer's readiness checks and metric sources
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:
        # The client's address and scheme from the X-Forwarded-* headers of exactly this many
        # proxies (the rightmost ones, which they wrote); not the Host (TRUSTED_HOSTS checks it).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    return app
