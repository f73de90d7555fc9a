"""Keyset (cursor) pagination for any ORM select with an ORDER BY.

A page is "the next ``per_page`` rows after this position"; the position is the sort key of the
last row shown (the ORDER BY columns plus the primary key, which makes it unique), sent back to
the client as an opaque cursor. The database seeks to it through the index that matches the
sort, so page 2,000 costs what page 1 costs; OFFSET would walk every row before it.

When every column sorts the same way the condition is a row comparison,
``(received_at, id) < (:t, :i)``, which PostgreSQL uses as an index condition. Mixed
directions, or a nullable column, expand to ``a > :a OR (a = :a AND b < :b) ...``. A nullable
column is given an explicit NULLS LAST so SQLite and PostgreSQL order alike.

A cursor carries only sort values (never a filter or an id of anything to read), is checked
against the column types when it comes back, and anything that does not decode is a 422.
"""

from __future__ import annotations

from typing import Any

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Column, and_, false, inspect, or_, tuple_
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from .db import MAX_ID


class BadCursor(ValueError):
    """A cursor that was not made by :func:`encode` for this list."""


@dataclass(frozen=True)
class Key:
    column: Any  # a column, or any SQL expression the list sorts by
    descending: bool
    nullable: bool


def _unwrap(clause) -> tuple[object, bool, bool]:
    """(column, descending, explicit nulls ordering) of one ORDER BY element."""
    descending, nulls = False, False
    while isinstance(clause, UnaryExpression):
        if clause.modifier in (operators.desc_op,):
            descending = True
        elif clause.modifier in (operators.nulls_last_op, operators.nulls_first_op):
            nulls = True
        clause = clause.element
    return clause, descending, nulls


def keys_of(stmt) -> list[Key]:
    """The sort keys of a list's select, its entity's primary key appended when missing. An
    expression (``CASE ...``) is a key like a column; not knowing whether it can be NULL, it is
    treated as if it could."""
    mapper = inspect(stmt.column_descriptions[0]["entity"])
    keys: list[Key] = []
    for clause in stmt._order_by_clauses:
        column, descending, nulls = _unwrap(clause)
        if nulls:
            raise ValueError("keyset pagination orders NULLs itself; drop nulls_first/nulls_last")
        keys.append(Key(column, descending, bool(column.nullable) if isinstance(column, Column) else True))

    def same(a, b) -> bool:  # an ORM-annotated copy of a column is still that column
        return isinstance(a, Column) and a.table is b.table and a.name == b.name

    for column in mapper.primary_key:
        if not any(same(k.column, column) for k in keys):
            keys.append(Key(column, False, False))
    return keys


def with_keys(stmt, keys: list[Key]):
    """The select ordered by the keys, their values added as extra columns (row[1:])."""
    return ordered(stmt, keys).add_columns(*(k.column.label(f"_keyset_{i}") for i, k in enumerate(keys)))


def ordered(stmt, keys: list[Key]):
    """The select ordered by exactly the keys (nullable ones NULLS LAST on every database)."""
    clauses = []
    for k in keys:
        clause = k.column.desc() if k.descending else k.column.asc()
        clauses.append(clause.nulls_last() if k.nullable else clause)
    return stmt.order_by(None).order_by(*clauses)


def after(keys: list[Key], values: list):
    """The condition "sorts after this position"."""
    if len(values) != len(keys):
        raise BadCursor("the cursor does not fit this list")
    simple = len({k.descending for k in keys}) == 1 and not any(k.nullable for k in keys)
    if simple:
        left, right = tuple_(*(k.column for k in keys)), tuple_(*values)
        return left < right if keys[0].descending else left > right
    alternatives: list[Any] = []
    equal_so_far: list[Any] = []
    for k, value in zip(keys, values):
        if value is None:  # NULLs come last: nothing but NULLs follows a NULL in this column
            beyond: Any = false()
            same = k.column.is_(None)
        else:
            beyond = k.column < value if k.descending else k.column > value
            if k.nullable:
                beyond = or_(beyond, k.column.is_(None))
            same = k.column == value
        alternatives.append(and_(*equal_so_far, beyond))
        equal_so_far.append(same)
    return or_(*alternatives)


def _plain(value):
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, date):
        return {"d": value.isoformat()}
    return value


def encode(values) -> str:
    """The cursor of a row, from its key values (``row[1:]`` of :func:`with_keys`)."""
    raw = json.dumps([_plain(v) for v in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(keys: list[Key], cursor: str) -> list:
    try:
        raw = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError) as exc:
        raise BadCursor("the cursor is not valid") from exc
    if not isinstance(raw, list) or len(raw) != len(keys):
        raise BadCursor("the cursor does not fit this list")
    return [_typed(k, value) for k, value in zip(keys, raw)]


def _typed(key: Key, value):
    if value is None:
        if not key.nullable:
            raise BadCursor("the cursor does not fit this list")
        return None
    try:
        expected = key.column.type.python_type
    except (NotImplementedError, AttributeError):
        expected = object
    try:
        if expected is datetime and isinstance(value, dict) and set(value) == {"t"}:
            return datetime.fromisoformat(value["t"])
        if expected is date and isinstance(value, dict) and set(value) == {"d"}:
            return date.fromisoformat(value["d"])
        if expected is bool and isinstance(value, bool):
            return value
        if expected is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
        if expected is int and isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_ID:
            return value
        if expected is str and isinstance(value, str) and len(value) <= 1000:
            return value
    except (ValueError, TypeError) as exc:
        raise BadCursor("the cursor is not valid") from exc
    raise BadCursor("the cursor does not fit this list")


def reversed_keys(keys: list[Key]) -> list[Key]:
    """The keys in the opposite direction (a "previous page"); only for keys that are never NULL."""
    if any(k.nullable for k in keys):
        raise ValueError("a previous page needs keys that are never NULL")
    return [Key(k.column, not k.descending, False) for k in keys]


@dataclass
class Page:
    """One page of an HTML list: its rows and the cursors of the pages either side (None: none)."""

    rows: list
    after: str | None  # cursor for the next page
    before: str | None  # cursor for the previous page


def html_page(session, stmt, per_page: int, after_cursor: str | None, before_cursor: str | None) -> Page:
    """Next/previous pages of an HTML list by keyset. A cursor that does not fit shows the
    first page (a hand-edited address is not worth an error page)."""
    keys = keys_of(stmt)
    going_back = bool(before_cursor) and not after_cursor
    use = reversed_keys(keys) if going_back else keys
    page = with_keys(stmt, use)
    try:
        cursor = before_cursor if going_back else after_cursor
        if cursor:
            page = page.where(after(use, decode(use, cursor)))
    except BadCursor:
        return html_page(session, stmt, per_page, None, None)
    rows = session.execute(page.limit(per_page + 1)).all()
    more = len(rows) > per_page
    rows = rows[:per_page]
    if going_back:
        rows.reverse()
    first_key = encode(rows[0][1:]) if rows else None
    last_key = encode(rows[-1][1:]) if rows else None
    if going_back:
        return Page([r[0] for r in rows], last_key, first_key if more else None)
    return Page([r[0] for r in rows], last_key if more else None, first_key if after_cursor else None)
