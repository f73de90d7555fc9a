"""DDL that a layer owns but a migration must apply (the search tables' full-text indexes).

A migration calls :func:`run` by name; the owning layer registers the function when its package
is imported (discovery imports every layer before migrations run). So the platform's migrations
name no other layer, and an unregistered hook fails loudly instead of silently skipping DDL.
"""

from __future__ import annotations

from typing import Callable

from sqlalchemy.engine import Connection

_hooks: dict[str, Callable[[Connection], None]] = {}


def register(name: str, func: Callable[[Connection], None]) -> None:
    _hooks[name] = func


def run(name: str, connection: Connection) -> None:
    if name not in _hooks:
        raise RuntimeError(f"migration hook {name!r} is not registered: migrate through linkhub.app")
    _hooks[name](connection)
