"""Input every layer must refuse before it reaches a service: control characters and ids
beyond the database's integer range. Each refusal is a field error (the API's 422 shape or the
form's GOV.UK error summary), never a 500 and never a half-written change.

- :data:`CONTROL` — NUL (PostgreSQL refuses it in text, a 500) and the other C0/C1 control
  characters, lone surrogates and the two non-characters; tab, line feed and carriage return
  are allowed (text areas).
- :class:`Id` — the one bounded id field for marshmallow schemas; :func:`form_id` the coercion
  for WTForms' select and radio fields. Both use :data:`linkhub.platform.db.MAX_ID`.
- :func:`reject_control_characters` — a ``before_request`` hook (after the lifecycle's who/what
  steps): an API request whose JSON body, query or form carries a control character is a 422
  naming each field; a page's query string with one is a 400. Page forms report theirs
  through :class:`linkhub.platform.forms.FlaskForm`.
"""

from __future__ import annotations

import re

import marshmallow as ma
from flask import abort, request
from werkzeug.exceptions import UnprocessableEntity

from .db import MAX_ID

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
    return sorted(
        {
            key if not has_control(key) else "_body"
            for key, v in values.items(multi=True)
            if has_control(key) or has_control(v)
        }
    )


def reject_control_characters():
    if request.path.startswith("/api/"):
        messages: dict[str, dict] = {}
        if request.is_json:
            body = request.get_json(silent=True)
            paths = control_paths(body)
            if paths:
                messages["json"] = {p: [CONTROL_MESSAGE] for p in paths}
        for location, values in (("query", request.args), ("form", request.form)):
            paths = _multidict_paths(values)
            if paths:
                messages[location] = {p: [CONTROL_MESSAGE] for p in paths}
        if messages:
            error = UnprocessableEntity("The data sent is not valid.")
            error.data = {"messages": messages}
            raise error
        return None
    if _multidict_paths(request.args):
        abort(400, "The address of this page has characters that cannot be used. Check it and try again.")
    return None
