"""Tenant-scoped routes and the one request lifecycle of every page and API endpoint.

The network comes from the URL, is resolved once per request, and every object id under it is
looked up within that network (another network's id is a 404). ``network_blueprint`` makes a pages
blueprint under ``/networks/<network_slug>/...``; ``network_api_blueprint`` an API blueprint under
``/api/v1/networks/<network_slug>/...``.

The lifecycle, in this order for every endpoint: network (URL value preprocessor) -> who may call
(``require_roles``, ``signed_in``, ``operator_only``: 401/403) -> the objects the URL names
(``loads``: 404) -> the body (the view's form or flask-smorest ``arguments``: 422) -> service ->
commit. The decorators only *declare* their step on the view; :func:`run_lifecycle`, a
``before_request`` hook, carries the steps out before the view (and so before any body parsing)
runs. So the order holds whatever order the decorators are written in.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, abort, current_app, g, request
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
    signed in without the operator role: 403. An operator area is platform-wide work: the
    request runs in a platform scope (on PostgreSQL, a grant of the platform role)."""
    return _check_operator()


LIFECYCLE = "linkhub_lifecycle"


def _declare(view, step: str, value):
    """Attach a lifecycle step to the view (copied outwards by ``functools.wraps``, so the
    registered endpoint carries it whichever decorator is outermost)."""
    steps = dict(getattr(view, LIFECYCLE, {}))
    steps[step] = steps.get(step, ()) + (value,) if step == "loads" else value
    setattr(view, LIFECYCLE, steps)
    return view


def _unauthenticated():
    if request.path.startswith("/api/"):
        abort(401)
    from flask import current_app

    return current_app.login_manager.unauthorized()


def check_roles(allowed: frozenset[str] | set[str]):
    """The role step on its own, for a view that decides at run time which caller it serves
    (a response to return when refused, else None)."""
    who = principal()
    if not who.is_authenticated:
        return _unauthenticated()
    if not (who.roles_in(g.network.id) & set(allowed)):
        abort(403)
    return None


def _check_signed_in():
    return None if principal().is_authenticated else _unauthenticated()


def _check_operator():
    """Operators only. Their work outside a network's URL is platform-wide: the rest of the
    request runs in a platform scope (on PostgreSQL, a grant of the platform role)."""
    who = principal()
    if not who.is_authenticated:
        return _unauthenticated()
    if not who.is_operator:
        abort(403)
    if "tenancy_tokens" not in g:
        g.tenancy_tokens = tenancy.enter_platform()
    return None


def run_lifecycle():
    """``before_request``: who may call, then the objects the URL names, then (in the view) the
    body. Returns a response (a sign-in redirect) or aborts; None lets the view run."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if hasattr(view, "view_class"):  # a MethodView: the steps are on the method for this request
        view = getattr(view.view_class, request.method.lower(), None)
    steps = getattr(view, LIFECYCLE, None)
    if not steps:
        return None
    if "access" in steps:
        refused = steps["access"]()
        if refused is not None:
            return refused
    if "roles" in steps:
        refused = check_roles(steps["roles"])
        if refused is not None:
            return refused
    loaded = g.setdefault("loaded", {})
    for model, arg, in_network in steps.get("loads", ()):
        loaded[arg] = _load(model, (request.view_args or {}).get(arg), in_network)
    return None


def require_roles(allowed: frozenset[str] | set[str]):
    """Allow the view to people holding one of ``allowed`` in the URL's network.

    Not signed in: pages send you to sign in, the API answers 401. Signed in without the role:
    403 (you can see the network exists; its data stays hidden).
    """
    return lambda view: _declare(view, "roles", frozenset(allowed))


def signed_in(view):
    """Allow the view to anyone signed in (it decides more itself, e.g. a group's members)."""
    return _declare(view, "access", _check_signed_in)


def operator_only(view):
    """Allow the view to operators only: signed out 401 (or sign in), otherwise 403."""
    return _declare(view, "access", _check_operator)


def public(view):
    """Mark a tenant view as open to everyone (no role needed), e.g. the public feedback form.
    The isolation matrix checks such views show no private data of the network."""
    view.linkhub_public = True
    return view


def loads(model, arg: str, *, in_network: bool = True):
    """Replace the ``<arg>`` URL value by the object of the URL's network (or 404); the view gets
    it under the argument's name without ``_id``. Loaded by :func:`run_lifecycle`, after the
    caller's role and before the request body is parsed, so another network's id is a 404 even
    when the body would not validate (a 422 would confirm the id exists elsewhere).
    ``in_network=False`` for a platform or federation object (no network in the URL)."""
    name = arg.removesuffix("_id")

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            object_id = kwargs.pop(arg)
            loaded = g.get("loaded") or {}
            kwargs[name] = loaded[arg] if arg in loaded else _load(model, object_id, in_network)
            return view(*args, **kwargs)

        return _declare(wrapped, "loads", (model, arg, in_network))

    return decorate


def loads_any(model, arg: str):
    """:func:`loads` for an object outside any network (the federation store, networks)."""
    return loads(model, arg, in_network=False)


def _load(model, object_id, in_network: bool):
    if in_network:
        return get_or_404(model, object_id)
    return find_by_id(model, object_id) or abort(404)


def get_or_404(model, object_id):
    """Load one tenant object of the URL's network; anything else (missing or another
    network's) is 404, never 403 and never data."""
    obj = find_by_id(model, object_id)
    if obj is None or getattr(obj, "network_id", None) != g.network.id:
        abort(404)
    return obj
