"""API framework: flask-smorest under /api/v1, one error shape, pagination on every list.

Error shape (every 4xx/5xx from the API)::

    {"error": {"status": 422, "code": "validation_error", "message": "...",
               "fields": {"name": ["Missing data for required field."]}}}
"""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlencode

import marshmallow as ma
from flask import request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

ERROR_CODES = {
    400: "bad_request",
    401: "unauthorised",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


def raise_field_error(status: int, field: str, message: str):
    """Abort with field messages in the error shape (as webargs does for schema errors)."""
    from werkzeug.exceptions import default_exceptions

    error = default_exceptions[status](message)
    error.data = {"messages": {"json": {field: [message]}}}  # type: ignore[attr-defined]  # webargs reads it
    raise error


def error_body(status: int, message: str, fields: dict | None = None, code: str | None = None) -> dict:
    body = {"status": status, "code": code or ERROR_CODES.get(status, "error"), "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}


def _field_messages(exc: HTTPException) -> dict | None:
    """webargs puts {location: {field: [messages]}} in exc.data['messages']; flatten locations."""
    messages = (getattr(exc, "data", None) or {}).get("messages")
    if not messages:
        return None
    fields: dict = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            fields.update(location_messages)
    return fields or None


def _aware_iso(moment: datetime) -> str:
    """RFC 3339, as the document's ``format: date-time`` says: SQLite hands back the stored UTC
    time without its offset, so a naive value is UTC (every time is written by ``utcnow``)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).isoformat()


ma.fields.DateTime.SERIALIZATION_FUNCS = {
    **ma.fields.DateTime.SERIALIZATION_FUNCS,
    "iso": _aware_iso,
    "iso8601": _aware_iso,
}


def _read_only_nullable(self, field, ret):
    """apispec attribute function: a read-only value the server fills when it can (a date not
    reached yet, an optional link) may be null, so the document says so (issue 12, finding 11).
    An ``id`` and lists and nested objects are always sent."""
    if (
        field.dump_only
        and field.name != "id"
        and not isinstance(field, (ma.fields.List, ma.fields.Nested, ma.fields.Dict))
        and not field.metadata.get("never_null")
    ):
        return {"nullable": True}
    return {}


class ErrorBodySchema(ma.Schema):
    status = ma.fields.Integer(required=True, metadata={"description": "the HTTP status"})
    code = ma.fields.String(
        required=True,
        metadata={"description": "a stable word for the error: " + ", ".join(sorted(set(ERROR_CODES.values())))},
    )
    message = ma.fields.String(required=True, metadata={"description": "what went wrong, for people"})
    fields = ma.fields.Dict(  # type: ignore[assignment]  # the error shape's key is "fields"
        keys=ma.fields.String(),
        values=ma.fields.Raw(),
        metadata={"description": "422 only: the messages of each field sent (a list, or an object for nested data)"},
    )


class ApiErrorSchema(ma.Schema):
    """The one error shape the API sends (issue 12, finding 11: the document says so)."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


BEARER = "bearerToken"
SESSION = "sessionCookie"


class LinkhubApi(Api):
    """flask-smorest's Api with one error shape, and an OpenAPI document written when it is first
    read (``/api/v1/openapi.json``, the API page) instead of at start-up: describing 190
    operations took 0.4-0.7 s of every app's creation, paid by each CLI command, each worker and
    each test."""

    ERROR_SCHEMA = ApiErrorSchema

    @property
    def spec(self):
        spec = self.__dict__.get("_spec")
        if spec is not None and self._undocumented and not self._documenting:
            self._documenting = True
            try:
                while self._undocumented:
                    blp, app, name, parameters = self._undocumented.pop(0)
                    blp.register_views_in_doc(self, app, spec, name=name, parameters=parameters)
                    spec.tag({"name": name, "description": blp.description})
            finally:
                self._documenting = False
        return spec

    @spec.setter
    def spec(self, value) -> None:
        self._spec = value
        self._undocumented: list[tuple] = []
        self._documenting = False

    def register_blueprint(self, blp, *, parameters=None, **options):
        # As flask-smorest's, with the blueprint's documentation left for the first read of spec.
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, self._app, name, parameters))

    def init_app(self, app, *, spec_kwargs=None):
        super().init_app(app, spec_kwargs=spec_kwargs)
        self.ma_plugin.converter.add_attribute_function(_read_only_nullable)
        self.spec.components.security_scheme(
            BEARER,
            {
                "type": "http",
                "scheme": "bearer",
                "description": "An API token (lh_...) made under Your account or by a network admin; it opens "
                "one network with one role (or, for a platform token, every network). Only its SHA-256 is kept.",
            },
        )
        self.spec.components.security_scheme(
            SESSION,
            {
                "type": "apiKey",
                "in": "cookie",
                "name": app.config.get("SESSION_COOKIE_NAME", "session"),
                "description": "The signed-in browser session (pages); the API takes it as well as a token.",
            },
        )
        # Every operation takes either; public ones also answer without (the server decides).
        self.spec.options["security"] = [{BEARER: []}, {SESSION: []}, {}]

    def handle_http_exception(self, error: HTTPException):
        status = error.code or 500
        fields = _field_messages(error)
        message = error.description or type(error).description or "The request failed."
        if status == 422 and message == type(error).description:  # webargs' generic text
            message = "The data sent is not valid."
        if status == 400 and "JSON" in (error.description or ""):
            message = "The request body is not valid JSON."
        headers = {}
        if status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="linkhub"'
        return error_body(status, message, fields), status, headers


api = LinkhubApi()


class ErrorSchema(ma.Schema):
    error = ma.fields.Dict(required=True, metadata={"description": "status, code, message and field messages"})


class PageArgs(ma.Schema):
    cursor = ma.fields.String(
        validate=ma.validate.Length(max=2000),
        metadata={"description": "next_cursor of the page before (absent: the first page)"},
    )
    per_page = ma.fields.Integer(load_default=25, validate=ma.validate.Range(min=1, max=100))


# The first page counts the rows exactly up to this many; beyond it only "more than" is known,
# so no page ever counts a network's whole table.
TOTAL_CAP = 1000


_MISSING = ma.missing
_PLAN = "_linkhub_dump_plan"


def _plan(schema: ma.Schema) -> list | None:
    """How to dump one item of ``schema`` quickly: (key, field name, attribute, field, fast,
    plain type) per field, fast when the value can be read with ``getattr`` and handed to the field's own
    ``_serialize`` (what ``Field.serialize`` does, without its layers of look-ups). None when
    the schema has pre-dump hooks or reads values its own way: then marshmallow dumps it."""
    if _PLAN in schema.__dict__:  # made once per schema instance (flask-smorest keeps them)
        return schema.__dict__[_PLAN]
    steps: list | None = None
    if not schema._hooks[ma.decorators.PRE_DUMP] and type(schema).get_attribute is ma.Schema.get_attribute:
        steps = []
        for name, field in schema.dump_fields.items():
            attribute = field.attribute or name
            fast = (
                field._CHECK_ATTRIBUTE
                and "." not in attribute
                and type(field).serialize is ma.fields.Field.serialize
                and type(field).get_value is ma.fields.Field.get_value
            )
            key = field.data_key if field.data_key is not None else name
            builtin = type(field).__module__ == "marshmallow.fields"  # None dumps as None
            # A value of the field's own type that it would hand back unchanged.
            plain = (
                str
                if type(field) is ma.fields.String
                else int
                if type(field) is ma.fields.Integer and not field.as_string
                else None
            )
            steps.append((key, name, attribute, field, fast and builtin, plain))
    schema.__dict__[_PLAN] = steps
    return steps


def dump_item(schema: ma.Schema, obj):
    """``schema.dump(obj)`` for an object read by attribute, with the same result, in a
    fraction of the time (a page of a list dumps 25 to 100 of them)."""
    steps = _plan(schema)
    if steps is None or hasattr(obj, "__getitem__"):
        return schema.dump(obj, many=False)
    accessor = schema.get_attribute
    result = schema.dict_class()
    for key, name, attribute, field, fast, plain in steps:
        if fast:
            value = getattr(obj, attribute, _MISSING)
            if value is None or type(value) is plain:
                result[key] = value
                continue
            if value is not _MISSING:
                result[key] = field._serialize(value, name, obj)
                continue
        value = field.serialize(name, obj, accessor=accessor)
        if value is not _MISSING:
            result[key] = value
    if schema._hooks[ma.decorators.POST_DUMP]:
        result = schema._invoke_dump_processors(ma.decorators.POST_DUMP, result, many=False, original_data=obj)
    return result


class ItemList(ma.fields.List):
    """The items of a page: ``List(Nested(schema))`` dumping each item by :func:`dump_item`."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        inner = self.inner
        if not isinstance(inner, ma.fields.Nested) or inner.many:
            return super()._serialize(value, attr, obj, **kwargs)
        schema = inner.schema
        return [None if each is None else dump_item(schema, each) for each in value]


def page_schema(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The response schema of a list: items, per_page, next_cursor and (first page) totals."""
    name = item_schema.__name__.replace("Schema", "") + "PageSchema"
    return type(
        name,
        (ma.Schema,),
        {
            "items": ItemList(ma.fields.Nested(item_schema)),
            "per_page": ma.fields.Integer(),
            "next_cursor": ma.fields.String(
                allow_none=True, metadata={"description": "send as cursor for the next page; null on the last"}
            ),
            "total": ma.fields.Integer(
                allow_none=True, metadata={"description": f"first page only: the exact count, if at most {TOTAL_CAP:,}"}
            ),
            "total_at_least": ma.fields.Integer(
                allow_none=True,
                metadata={"description": f"first page only: the count, or {TOTAL_CAP + 1:,} when there are more"},
            ),
        },
    )


def bounded_total(session, select_stmt) -> int:
    """How many rows a select gives, counting no further than ``TOTAL_CAP + 1``."""
    from sqlalchemy import func, select

    return session.scalar(select(func.count()).select_from(select_stmt.order_by(None).limit(TOTAL_CAP + 1).subquery()))


def count_label(session, select_stmt, noun: str) -> str:
    """ "25 pieces of feedback", or beyond ``TOTAL_CAP`` "about 50,000 ..." from PostgreSQL's
    planner (no count of the whole table); SQLite, with no planner estimate, says "more than"."""
    counted = bounded_total(session, select_stmt)
    if counted <= TOTAL_CAP:
        return f"{counted:,} {noun}"
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        return f"More than {TOTAL_CAP:,} {noun}"
    compiled = select_stmt.order_by(None).compile(dialect=connection.dialect)
    plan = connection.exec_driver_sql("EXPLAIN (FORMAT JSON) " + str(compiled), compiled.params).scalar()
    estimate = max(TOTAL_CAP + 1, int(plan[0]["Plan"]["Plan Rows"]))
    rounded = int(float(f"{estimate:.2g}"))  # two significant figures: it is an estimate
    return f"About {max(rounded, TOTAL_CAP + 1):,} {noun}"


def page_link(**replace) -> str:
    """This request's own path and query string with some arguments replaced (None drops one).

    Built from the path and the raw arguments rather than ``url_for(**request.args)``, so an
    argument named like a ``url_for`` option (``_external``, ``endpoint``) or a URL variable
    (``network_slug``) stays a query argument, and repeated arguments are all kept.
    """
    query = [(k, v) for k, v in request.args.items(multi=True) if k not in replace]
    query += [(k, v) for k, v in replace.items() if v is not None]
    return f"{request.script_root}{request.path}" + (f"?{urlencode(query)}" if query else "")


def page_body(
    items, per_page: int, next_cursor: str | None, total_at_least: int | None, exact: bool = False
) -> tuple[dict, dict]:
    """The body and Link header of one page (``total_at_least`` None: not the first page;
    ``exact``: the count is exact however big)."""
    links = [f'<{page_link(cursor=None)}>; rel="first"']
    if next_cursor is not None:
        links.append(f'<{page_link(cursor=next_cursor)}>; rel="next"')
    body = {
        "items": items,
        "per_page": per_page,
        "next_cursor": next_cursor,
        "total": total_at_least if total_at_least is not None and (exact or total_at_least <= TOTAL_CAP) else None,
        "total_at_least": total_at_least,
    }
    return body, {"Link": ", ".join(links)}


def paginate(session, select_stmt, args: dict):
    """Run a select for one page, by keyset (see :mod:`linkhub.platform.keyset`); returns
    (body, headers) with an RFC 8288 Link header. A cursor that does not fit is a 422."""
    from . import keyset

    per_page = args.get("per_page", 25)
    keys = keyset.keys_of(select_stmt)
    stmt = keyset.with_keys(select_stmt, keys)
    cursor = args.get("cursor")
    total = None
    if cursor:
        try:
            stmt = stmt.where(keyset.after(keys, keyset.decode(keys, cursor)))
        except keyset.BadCursor as exc:
            raise_field_error(422, "cursor", str(exc).capitalize() + ".")
    else:
        total = bounded_total(session, select_stmt)
    rows = session.execute(stmt.limit(per_page + 1)).all()
    next_cursor = keyset.encode(rows[per_page - 1][1:]) if len(rows) > per_page else None
    return page_body([row[0] for row in rows[:per_page]], per_page, next_cursor, total)


def paginate_list(items: list, args: dict):
    """A page of a list computed whole in Python (a ranking, the running clocks): the cursor is
    a position in it. (Nothing to seek in a database; the count is exact.)"""
    per_page, cursor = args.get("per_page", 25), args.get("cursor") or "0"
    if not cursor.isdigit() or int(cursor) > len(items):
        raise_field_error(422, "cursor", "The cursor does not fit this list.")
    start = int(cursor)
    following = start + per_page
    return page_body(
        items[start:following],
        per_page,
        str(following) if following < len(items) else None,
        None if start else len(items),
        exact=True,
    )
