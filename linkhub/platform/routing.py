"""Tenant-scoped routes: the network comes from the URL, is resolved once per request, and
every object id under it is looked up within that network (another network's id is a 404).

``network_blueprint`` makes a pages blueprint under ``/networks/<network_slug>/...``;
``network_api_blueprint`` makes an API blueprint under ``/api/v1/networks/<network_slug>/...``.
"""
from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, g, request
from flask_smorest import Blueprint as ApiBlueprint

from . import tenancy
from .auth import identify, principal
from .db import find_by_id
from .models import Network

NETWORK_ARG = "network_slug"


class NetworkSuspended(Exception):
    """Members of a suspended network get a 503 page; everyone else a 404."""


def resolve_network(slug: str) -> Network:
    network = identify(slug)  # with the principal, in one query
    who = principal()
    if network is None or not who.opens_network(network.id):
        abort(404)
    if not network.is_active:
        if who.roles_in(network.id) or who.is_operator:
            raise NetworkSuspended(network)
        abort(404)
    return network


def _pull_network(endpoint, values):
    if values is None or NETWORK_ARG not in values:
        return
    network = resolve_network(values.pop(NETWORK_ARG))
    g.network = network
    g.tenancy_tokens = tenancy.enter_network(network.id)


def _push_network(endpoint, values):
    if NETWORK_ARG not in values and "network" in g and g.get("network") is not None:
        values[NETWORK_ARG] = g.network.slug


def _install(blueprint):
    blueprint.url_value_preprocessor(_pull_network)
    blueprint.url_defaults(_push_network)
    return blueprint


def network_blueprint(name: str, import_name: str, prefix: str = "", **kwargs) -> Blueprint:
    bp = Blueprint(name, import_name, url_prefix=f"/networks/<{NETWORK_ARG}>{prefix}", **kwargs)
    return _install(bp)


def network_api_blueprint(name: str, import_name: str, prefix: str = "", **kwargs) -> ApiBlueprint:
    bp = ApiBlueprint(name, import_name, url_prefix=f"/networks/<{NETWORK_ARG}>{prefix}", **kwargs)
    return _install(bp)


def leave_network(exc=None):
    """End of request: leave the network and forget the principal. (``g`` outlives a request
    when an application context was already pushed, as in tests and CLI commands.)"""
    tokens = g.pop("tenancy_tokens", None)
    if tokens is not None:
        tenancy.leave(tokens)
    g.pop("network", None)
    g.pop("principal", None)


def current_network() -> Network:
    return g.network


def roles() -> frozenset[str]:
    return principal().roles_in(g.network.id)


def operators_only():
    """``bp.before_request(operators_only)``: an operator area. Signed out: to sign-in;
    signed in without the operator role: 403."""
    who = principal()
    if not who.is_authenticated:
        from flask import current_app
        return current_app.login_manager.unauthorized()
    if not who.is_operator:
        abort(403)
    return None


def require_roles(allowed: frozenset[str] | set[str]):
    """Allow the view to people holding one of ``allowed`` in the URL's network.

    Not signed in: pages send you to sign in, the API answers 401. Signed in without the role:
    403 (you can see the network exists; its data stays hidden).
    """

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            who = principal()
            if not who.is_authenticated:
                if request.path.startswith("/api/"):
                    abort(401)
                from flask import current_app
                return current_app.login_manager.unauthorized()
            if not (who.roles_in(g.network.id) & set(allowed)):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def public(view):
    """Mark a tenant view as open to everyone (no role needed), e.g. the public feedback form.
    The isolation matrix checks such views show no private data of the network."""
    view.linkhub_public = True
    return view


def loads(model, arg: str):
    """Replace the ``<arg>`` URL value by the object of the URL's network (or 404); the view gets
    it under the argument's name without ``_id``. It runs before the request body is parsed, so
    another network's id is a 404 even when the body would not validate (a 422 would confirm the
    id exists elsewhere)."""
    name = arg.removesuffix("_id")

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            kwargs[name] = get_or_404(model, kwargs.pop(arg))
            return view(*args, **kwargs)

        return wrapped

    return decorate


def get_or_404(model, object_id):
    """Load one tenant object of the URL's network; anything else (missing or another
    network's) is 404, never 403 and never data."""
    obj = find_by_id(model, object_id)
    if obj is None or getattr(obj, "network_id", None) != g.network.id:
        abort(404)
    return obj
