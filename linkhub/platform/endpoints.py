"""One shape for the API's object endpoints: read one object of the URL's network, or act on it
with a validated body and a service call, committed once.

``item`` and ``action`` declare the request lifecycle's steps (who may call, what the URL loads;
see ``routing``) and flask-smorest's body and response schemas, so an endpoint is one call in the
domain's ``api.py`` instead of six decorators around a one-line function written again each time.
"""

from __future__ import annotations

from typing import Any, Callable

from flask import abort

from . import routing
from .api import raise_field_error
from .db import db
from .services import ServiceError


def commit_or_abort(action: Callable):
    """Run a service call and commit; a refusal becomes a 4xx in the error shape."""
    try:
        result = action()
        db.session.commit()
        return result
    except ServiceError as exc:
        db.session.rollback()
        if exc.field is None:
            abort(exc.status, exc.message)
        raise_field_error(exc.status, exc.field, exc.message)


def item(blp, rule: str, *, name: str, roles, load: tuple, response, doc: str | None = None):
    """``GET rule``: the object ``load`` names (404 outside the network), dumped with ``response``."""
    target = load[1].removesuffix("_id")

    def view(**kwargs):
        return kwargs[target]

    return _register(
        blp, rule, view, name=name, doc=doc, method="GET", roles=roles, load=load, response=(200, response)
    )


def action(
    blp,
    rule: str,
    *,
    name: str,
    roles,
    load: tuple,
    call: Callable,
    response,
    body=None,
    status: int = 200,
    doc: str | None = None,
):
    """``POST rule``: ``call(obj, **body)`` on the object ``load`` names, committed once; a
    service refusal is a 4xx on its field, nothing written."""
    target = load[1].removesuffix("_id")
    view: Callable[..., Any]
    if body is None:

        def view(**kwargs):
            return commit_or_abort(lambda: call(kwargs[target]))
    else:

        def view(data, **kwargs):
            return commit_or_abort(lambda: call(kwargs[target], **data))

    return _register(
        blp,
        rule,
        view,
        name=name,
        doc=doc,
        method="POST",
        roles=roles,
        load=load,
        response=(status, response),
        body=body,
    )


def _register(blp, rule, view, *, name, doc, method, roles, load, response, body=None):
    view.__name__ = view.__qualname__ = name  # the endpoint name (url_for, OpenAPI operation)
    view.__doc__ = doc
    wrapped = blp.response(*response)(view)
    if body is not None:
        wrapped = blp.arguments(body)(wrapped)
    wrapped = routing.loads(*load)(wrapped)
    wrapped = routing.require_roles(roles)(wrapped)
    blp.route(rule, methods=[method])(wrapped)
    return wrapped


def collection(
    blp,
    rule: str,
    *,
    name: str,
    schema,
    read,
    query: Callable,
    write=None,
    create: Callable | None = None,
    body=None,
    created=None,
    doc: str | None = None,
):
    """``GET rule``: a page of ``query()`` (the URL's network's rows, by the lifecycle's tenant
    scope) dumped with ``schema``; with ``create``, ``POST rule``: ``create(**body)``, committed
    once, 201 with ``created`` (default ``schema``)."""
    from flask.views import MethodView

    from .api import PageArgs, page_schema, paginate

    def get(self, args):
        page, headers = paginate(db.session, query(), args)
        return page, 200, headers

    get.__doc__ = doc
    methods = {
        "get": routing.require_roles(read)(
            blp.arguments(PageArgs, location="query")(blp.response(200, page_schema(schema))(get))
        )
    }
    if create is not None:

        def post(self, data):
            return commit_or_abort(lambda: create(**data))

        methods["post"] = routing.require_roles(write)(
            blp.arguments(body or schema)(blp.response(201, created or schema)(post))
        )
    view = type(name, (MethodView,), methods)
    blp.route(rule)(view)
    return view
