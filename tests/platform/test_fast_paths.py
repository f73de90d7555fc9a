"""The request path's shortcuts give what the long way gives (issue 15): a page's items dumped
without marshmallow's per-field layers, an object by id from a statement built once, and a pooled
connection pinged only after lying idle."""

from __future__ import annotations

import time
from datetime import date, datetime, timezone

import marshmallow as ma
import pytest
from sqlalchemy import create_engine, text

from linkhub.platform import db as db_module
from linkhub.platform.api import dump_item, page_schema
from tests.conftest import PG_URL, need


class Upper(ma.fields.String):
    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else str(value).upper()


class Thing:
    def __init__(self, **values):
        self.__dict__.update(values)


class ThingSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    shout = Upper(attribute="name", dump_only=True)
    renamed = ma.fields.Integer(data_key="count", attribute="n")
    when = ma.fields.AwareDateTime()
    day = ma.fields.Date(allow_none=True)
    flag = ma.fields.Boolean()
    absent = ma.fields.String(dump_default="nothing")
    gone = ma.fields.String()
    derived = ma.fields.Function(lambda t: (t["id"] if isinstance(t, dict) else t.id) * 2)
    as_text = ma.fields.Integer(as_string=True, attribute="id", dump_only=True)
    ratio = ma.fields.Float()
    tags = ma.fields.List(ma.fields.String())

    @ma.post_dump
    def _mark(self, data, **kwargs):
        data["marked"] = True
        return data


THINGS = [
    Thing(
        id=1,
        name="one",
        n=3,
        when=datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        day=date(2026, 1, 1),
        flag=True,
        ratio=1,
        tags=["a"],
    ),
    Thing(id=2, name=None, n=None, when=None, day=None, flag=None, ratio=None, tags=None),
    Thing(id=True, name=5, n=2.0, when=None, day=None, flag=0, ratio=2.5, tags=[]),  # odd types: marshmallow's rules
]


@pytest.mark.parametrize("thing", THINGS)
def test_an_item_dumps_as_marshmallow_dumps_it(thing):
    schema = ThingSchema()
    assert dump_item(schema, thing) == schema.dump(thing)


def test_a_page_dumps_its_items_as_marshmallow_would_and_mappings_the_long_way():
    page = page_schema(ThingSchema)()
    body = {"items": THINGS + [{"id": 7, "name": "mapped", "n": 1}], "per_page": 25, "next_cursor": None}
    expected = [ThingSchema().dump(t) for t in THINGS] + [ThingSchema().dump({"id": 7, "name": "mapped", "n": 1})]
    assert page.dump(body)["items"] == expected


def test_a_connection_idle_long_enough_is_pinged_and_a_dead_one_replaced():
    need("PostgreSQL (LINKHUB_TEST_DATABASE_URL)", PG_URL is not None)
    engine = create_engine(PG_URL)
    owner = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            first = conn.scalar(text("SELECT pg_backend_pid()"))
        with engine.connect() as conn:  # used a moment ago: no ping, the same connection
            assert conn.scalar(text("SELECT pg_backend_pid()")) == first
        with owner.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": first})
        time.sleep(db_module.PING_AFTER_IDLE_SECONDS + 0.1)
        with engine.connect() as conn:  # idle: pinged, found dead, replaced before use
            assert conn.scalar(text("SELECT pg_backend_pid()")) != first
    finally:
        engine.dispose()
        owner.dispose()
