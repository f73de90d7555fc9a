"""Composition root: the platform app plus, in the embedded default, in-process workers.

``platform`` imports none of the other layers; this module is where they meet.
"""

from __future__ import annotations

from flask import Flask

from linkhub.platform.app import create_app as create_platform_app
from linkhub.platform.config import Config
from linkhub.platform.discovery import use_layers

# The layers whose packages the platform walks for models, pages, API and handlers, lowest first
# (docs/architecture.md). Set on import, so that migrations and every command see all of them.
LAYERS = ("linkhub.platform", "linkhub.tenants", "linkhub.federation", "linkhub.search", "linkhub.workers")
use_layers(*LAYERS)


def create_app(config: Config | None = None, *, start_worker: bool | None = None) -> Flask:
    app = create_platform_app(config)
    if start_worker is None:
        start_worker = app.config["EMBEDDED_WORKER"] and not app.config["TESTING"]
    if start_worker:
        from linkhub.workers.runtime import WorkerRuntime

        app.extensions["linkhub_worker"] = WorkerRuntime(app).start()
    return app
