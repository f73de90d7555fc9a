"""Input every layer must refuse before it reaches a service: control characters and ids
beyond the database's integer range. Each refusal is a field error (the API's 422 shape or the
form's GOV.UK error summary), never a 500 and never a half-written change.

- :data:`CONTROL` — NUL (PostgreSQL refuses it in text, a 500) and the other C0/C1 control
  characters, lone surrogates and the two non-characters; tab, line feed and carriage return
  are allowed (text areas).
- :class:`Id` — the one bounded id field for marshmallow schemas; :func:`form_id` the coercion
  for WTForms' select and radio fields. Both use :data:`linkhub.platform.db.MAX_ID`.
- :class:`LinkhubParser` — every API body and query is checked where it is parsed: a 422
  naming each field. Page forms report theirs through :class:`linkhub.platform.forms.FlaskForm`.
  (A page's own query string is left to the page: search ignores such a term with a message.)
- :func:`install_session_guard` — no flush writes one, whatever path the text came by.
"""

from __future__ import annotations

import re

import marshmallow as ma
from marshmallow.utils import missing
from webargs.flaskparser import FlaskParser

from sqlalchemy import String, event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from .db import MAX_ID
from .service_error import ServiceError

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
CONTROL_MESSAGE = "Remove the control characters (such as a NUL byte) from this text"
ID_MESSAGE = f"Enter a whole number from 1 to {MAX_ID}"


def has_control(value: object) -> bool:
    return isinstance(value, str) and CONTROL.search(value) is not None


class Id(ma.fields.Integer):
    """An id from outside: a whole number from 1 to MAX_ID (a database integer), else a 422."""

    def __init__(self, **kwargs):
        validators = kwargs.pop("validate", None)
        validators = [validators] if callable(validators) else list(validators or [])
        validators.insert(0, ma.validate.Range(min=1, max=MAX_ID, error=ID_MESSAGE))
        kwargs.setdefault("strict", False)
        super().__init__(validate=validators, **kwargs)


def form_id(value) -> int | None:
    """``coerce`` for a WTForms select or radio holding an id: an int from 0 (some choices use
    it for "none") to MAX_ID, else ValueError (the field's "not a valid choice" error)."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(ID_MESSAGE)
    number = int(value)
    if not 0 <= number <= MAX_ID:
        raise ValueError(ID_MESSAGE)
    return number


def control_paths(value, path: str = "") -> list[str]:
    """The dotted paths inside a JSON value whose key or string carries a control character."""
    found: list[str] = []
    if isinstance(value, str):
        if has_control(value):
            found.append(path or "_body")
    elif isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if has_control(key):
                found.append(path or "_body")
            else:
                found.extend(control_paths(item, here))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(control_paths(item, f"{path}.{index}" if path else str(index)))
    return found


def _multidict_paths(values) -> list[str]:
    """Like :func:`control_paths` for a werkzeug MultiDict or webargs' MultiDictProxy."""
    found = set()
    for key in list(values.keys()):
        items = values.getlist(key) if hasattr(values, "getlist") else [values[key]]
        if has_control(key):
            found.add("_body")
        elif any(has_control(v) for v in items):
            found.add(key)
    return sorted(found)


class LinkhubParser(FlaskParser):
    """webargs' parser with the control-character check, at the body step of the lifecycle
    (after who may call and what the URL names): a 422 naming each field. webargs reads an
    absent JSON body as ``{}``, so a PATCH whose fields are all optional would accept no body as
    "change nothing": here that is a 422 too (issue 12, finding 11)."""

    def load_json(self, req, schema):
        data = super().load_json(req, schema)
        if data is missing and req.method == "PATCH":
            raise ma.ValidationError("Send the fields to change as a JSON object.")
        return data

    def _load_location_data(self, *, schema, req, location):
        data = super()._load_location_data(schema=schema, req=req, location=location)
        if location == "json":
            paths = control_paths(data)
        elif hasattr(data, "items") and hasattr(data, "getlist"):
            paths = _multidict_paths(data)
        else:
            paths = control_paths(data if isinstance(data, (dict, list, str)) else None)
        if paths:
            raise ma.ValidationError({p: [CONTROL_MESSAGE] for p in paths})
        return data


class ControlCharacters(ServiceError):
    """A row about to be written holds a control character (the last line of defence): views
    that catch ServiceError show it on the field; errors.py answers any other as a 422."""

    def __init__(self, field: str):
        super().__init__(CONTROL_MESSAGE, status=422, field=field)


def _refuse_control_characters(session, flush_context, instances) -> None:
    """Before any flush: no text column of a new or changed row holds a control character.
    Forms, the API parser and the importer refuse them first, with their own field errors;
    this catches a path that reads the request itself, as a 422 rather than PostgreSQL's 500."""
    for obj in (*session.new, *session.dirty):
        state = sa_inspect(obj)
        for attr in state.mapper.column_attrs:
            column = attr.columns[0]
            if isinstance(column.type, String) and has_control(state.dict.get(attr.key)):
                raise ControlCharacters(attr.key)


def install_session_guard() -> None:
    if not event.contains(Session, "before_flush", _refuse_control_characters):
        event.listen(Session, "before_flush", _refuse_control_characters)


def install_parser() -> None:
    """Every flask-smorest blueprint parses with :class:`LinkhubParser` (set before any API
    module declares its arguments: linkhub/platform/__init__.py calls this)."""
    from flask_smorest.arguments import ArgumentsMixin

    if not isinstance(ArgumentsMixin.ARGUMENTS_PARSER, LinkhubParser):
        ArgumentsMixin.ARGUMENTS_PARSER = LinkhubParser()
