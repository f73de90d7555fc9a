"""Find models, blueprints and handlers by walking the packages (so a new domain needs no
registration edit, as in Indico's ``discover_blueprints``).

Convention per domain package: ``models.py`` (imported so tables exist), ``views.py`` with a
Flask ``bp``, ``api.py`` with a flask-smorest ``blp``, ``handlers.py`` with outbox handlers,
``clocks.py`` with deadline sources, ``search_sources.py`` with reindex sources, ``health.py`` with
readiness checks and metric sources. The leaf names are
declared once, in :data:`LEAVES`.

The platform names no other layer: the composition root (``linkhub.app``) hands it the packages
to walk with :func:`use_layers` when it is imported, before any app or migration runs.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from types import ModuleType

# The module names discovery looks for in every package, and what each one holds.
LEAVES = {
    "models": "tables (imported so that they exist before migrations and queries)",
    "views": "a Flask blueprint of pages",
    "api": "a flask-smorest blueprint of API endpoints",
    "handlers": "outbox handlers and periodic jobs (every process knows them all)",
    "clocks": "deadline sources for the deadline registry",
    "search_sources": "reindex sources for the search index",
    "health": "readiness checks and metric sources (/readyz, /metrics)",
}
_layers: tuple[str, ...] = ()


def use_layers(*packages: str) -> None:
    """Set the packages to walk (called by the composition root)."""
    global _layers
    _layers = tuple(packages)


def _packages():
    if not _layers:
        raise RuntimeError("no layers to discover: import linkhub.app (the composition root) first")
    for layer in _layers:
        package = importlib.import_module(layer)
        yield package.__name__
        for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
            if info.ispkg:
                yield info.name


def import_submodules(leaf: str) -> list[ModuleType]:
    """Import ``<package>.<leaf>`` wherever it exists, in a stable order."""
    if leaf not in LEAVES:
        raise ValueError(f"{leaf!r} is not a discovered module name (discovery.LEAVES)")
    found = []
    for name in sorted(set(_packages())):
        try:
            spec = importlib.util.find_spec(f"{name}.{leaf}")
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            found.append(importlib.import_module(f"{name}.{leaf}"))
    return found


def import_models() -> None:
    import_submodules("models")


def blueprints(leaf: str, api: bool):
    """Blueprints defined in every ``<package>.<leaf>`` module: flask-smorest ones when ``api``,
    plain Flask ones otherwise (each registered once, by the module that made it)."""
    from flask import Blueprint
    from flask_smorest import Blueprint as ApiBlueprint

    for module in import_submodules(leaf):
        for value in vars(module).values():
            if (
                isinstance(value, Blueprint)
                and isinstance(value, ApiBlueprint) == api
                and value.import_name == module.__name__
            ):
                yield value
