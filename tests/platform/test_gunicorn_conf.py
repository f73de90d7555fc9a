"""The served app's access log never records query strings: a calendar subscription address
carries its secret in one (``deadlines.ics?key=...``)."""
from __future__ import annotations

import importlib


def test_access_log_records_the_path_without_the_query_string():
    conf = importlib.import_module("linkhub.gunicorn_conf")
    assert "%(U)s" in conf.access_log_format
    for with_query in ("%(r)s", "%(q)s", "{raw_uri}"):
        assert with_query not in conf.access_log_format
