"""The served app's access log never records query strings: a calendar subscription address
carries its secret in one (``deadlines.ics?key=...``)."""

from __future__ import annotations

import importlib


def test_access_log_records_the_path_without_the_query_string():
    conf = importlib.import_module("linkhub.gunicorn_conf")
    assert "%(U)s" in conf.access_log_format
    for with_query in ("%(r)s", "%(q)s", "{raw_uri}"):
        assert with_query not in conf.access_log_format


def test_the_image_build_context_leaves_out_secrets_and_local_state():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    ignored = {
        line.strip()
        for line in (root / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {".venv", "instance", ".git", "node_modules"} <= ignored


def test_compose_probes_readiness_on_a_supported_rabbitmq():
    from pathlib import Path

    compose = (Path(__file__).resolve().parents[2] / "infra" / "compose.yaml").read_text()
    assert "127.0.0.1:8000/readyz" in compose
    assert "rabbitmq:3" not in compose and "image: rabbitmq:4-management" in compose
