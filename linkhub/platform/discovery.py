"""Find models, blueprints and handlers by walking the packages (so a new domain needs no
registration edit, as in Indico's ``discover_blueprints``).

Convention per domain package: ``models.py`` (imported so tables exist), ``views.py`` with a
Flask ``bp``, ``api.py`` with a flask-smorest ``blp``, ``handlers.py`` with outbox handlers.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from types import ModuleType

LAYERS = ("linkhub.platform", "linkhub.tenants", "linkhub.federation", "linkhub.search", "linkhub.workers")


def _packages():
    for layer in LAYERS:
        package = importlib.import_module(layer)
        yield package.__name__
        for info in pkgutil.walk_packages(package.__path__, prefix=package.__name__ + "."):
            if info.ispkg:
                yield info.name


def import_submodules(leaf: str) -> list[ModuleType]:
    """Import ``<package>.<leaf>`` wherever it exists, in a stable order."""
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
            if isinstance(value, Blueprint) and isinstance(value, ApiBlueprint) == api \
                    and value.import_name == module.__name__:
                yield value
