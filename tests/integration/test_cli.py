"""The linkhub command line on the embedded default."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Invoke the command in-process (CliRunner); the entry point itself is tested once below."""
    from click.testing import CliRunner

    from linkhub.cli import main

    for key, value in dict(
        LINKHUB_INSTANCE_PATH=str(tmp_path),
        LINKHUB_DATABASE_URL=f"sqlite:///{tmp_path / 'cli.sqlite3'}",
        LINKHUB_BROKER_URL="",
        LINKHUB_SECRET_KEY="cli-test",
    ).items():
        monkeypatch.setenv(key, value)
    runner = CliRunner()

    def invoke(*args, check=True, input=None):
        result = runner.invoke(main, list(args), input=input, catch_exceptions=False)
        if check:
            assert result.exit_code == 0, result.output
        return result

    invoke("db", "upgrade")
    return invoke


def test_the_console_entry_point_runs(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "linkhub.cli", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, LINKHUB_INSTANCE_PATH=str(tmp_path)),
        timeout=60,
    )
    assert result.returncode == 0 and "outbox" in result.stdout and "worker" in result.stdout


def test_every_command_has_help(run):
    for command in (
        ["--help"],
        ["db", "upgrade", "--help"],
        ["demo", "load", "--help"],
        ["network", "create", "--help"],
        ["network", "suspend", "--help"],
        ["network", "list", "--help"],
        ["user", "create", "--help"],
        ["token", "create", "--help"],
        ["token", "revoke", "--help"],
        ["serve", "--help"],
        ["worker", "--help"],
        ["outbox", "status", "--help"],
        ["outbox", "retry", "--help"],
    ):
        assert "Usage:" in run(*command).output


def test_networks_users_tokens_and_outbox(run):
    made = run(
        "network",
        "create",
        "gamma",
        "--name",
        "Gamma LINk",
        "--local-authority",
        "Gamma Council",
        "--region",
        "London",
        "--host",
        "Gamma CVS",
    )
    assert "/networks/gamma/" in made.output
    duplicate = run(
        "network",
        "create",
        "gamma",
        "--name",
        "Again",
        "--local-authority",
        "x",
        "--region",
        "London",
        "--host",
        "y",
        check=False,
    )
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    bad_region = run(
        "network",
        "create",
        "delta",
        "--name",
        "D",
        "--local-authority",
        "x",
        "--region",
        "Mars",
        "--host",
        "y",
        check=False,
    )
    assert bad_region.exit_code != 0 and "Unknown region" in bad_region.output
    run(
        "user",
        "create",
        "staff@gamma.example",
        "--name",
        "Gail",
        "--password-stdin",
        "--role",
        "gamma:staff",
        input="long-enough-password\n",
    )
    short = run("user", "create", "x@gamma.example", "--name", "X", "--password-stdin", input="short\n", check=False)
    assert short.exit_code != 0 and "12 characters" in short.output
    token = run("token", "create", "staff@gamma.example", "--name", "sync", "--role", "staff", "--network", "gamma")
    assert token.output.strip().splitlines()[-1].startswith("lh_")
    assert "revoked" in run("token", "revoke", "1").output
    run("network", "suspend", "gamma")
    assert "suspended" in run("network", "list").output
    status = json.loads(run("outbox", "status", "--json").output)
    assert status["counts"]["pending"] >= 2  # network.created and network.suspended wait for a worker
    assert "0 dead letter" in run("outbox", "retry").output


def test_demo_load_is_repeatable(run):
    first = run("demo", "load").output
    assert "network sheffield" in first
    second = run("demo", "load").output
    assert "network sheffield" not in second and "Demo data loaded" in second
