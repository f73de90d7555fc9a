"""`linkhub anonymise [FILE]`: JSON Lines in, the same records scrubbed out."""

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from linkhub.federation.anonymise.cli import anonymise

ROOT = Path(__file__).resolve().parents[3]


def _lines(records):
    return "".join(json.dumps(r) + "\n" for r in records)


def _run(input_text=None, args=()):
    return CliRunner().invoke(anonymise, list(args), input=input_text)


def test_scrubs_text_and_passes_other_keys_through_in_order():
    records = [
        {"id": 1, "text": "Dr Patel at Northern General Hospital", "network": "sheffield"},
        {"id": "b", "text": "Call me on 07700 900123", "tags": ["a", "b"], "score": 2.5},
        {"text": "no id here, Sister Jones", "id": None},
    ]
    result = _run(_lines(records))
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out == [
        {"id": 1, "text": "Dr [NAME] at Northern General Hospital", "network": "sheffield"},
        {"id": "b", "text": "Call me on [PHONE]", "tags": ["a", "b"], "score": 2.5},
        {"text": "no id here, Sister [NAME]", "id": None},
    ]
    assert list(out[2]) == ["text", "id"]  # key order kept
    assert result.stderr == ""


def test_reads_a_file_argument_and_dash_for_stdin(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(_lines([{"id": 1, "text": "my son ryan"}]), encoding="utf-8")
    from_file = _run(args=[str(path)])
    from_dash = _run(path.read_text(encoding="utf-8"), args=["-"])
    assert from_file.exit_code == from_dash.exit_code == 0
    assert from_file.stdout == from_dash.stdout == '{"id": 1, "text": "my son [NAME]"}\n'


def test_malformed_lines_are_reported_by_number_and_the_rest_processed():
    text = (
        "\n".join(
            [
                json.dumps({"id": 1, "text": "Dr Patel"}),
                "{not json",
                json.dumps([1, 2]),
                json.dumps({"id": 4}),
                json.dumps({"id": 5, "text": 42}),
                json.dumps({"id": 6, "text": "NHS number 943 476 5919"}),
            ]
        )
        + "\n"
    )
    result = _run(text)
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [1, 6]
    for number in (2, 3, 4, 5):
        assert f"line {number}:" in result.stderr
    assert "line 1:" not in result.stderr and "line 6:" not in result.stderr
    assert "943 476 5919" not in result.stdout


def test_blank_lines_are_skipped_and_unicode_kept():
    result = _run('\n{"id": 1, "text": "Zażółć — Wiktoria Zielińska was kind"}\n\n')
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"id": 1, "text": "Zażółć — [NAME] was kind"}


def test_empty_input():
    result = _run("")
    assert result.exit_code == 0 and result.stdout == ""


def test_runs_as_a_module_without_database_or_network():
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "LINKHUB_DATABASE_URL": "postgresql://nowhere/none",
    }
    proc = subprocess.run(
        [sys.executable, "-m", "linkhub.federation.anonymise.cli"],
        input=b'{"id": 1, "text": "Email jo@example.com"}\nbad\n',
        capture_output=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stdout == b'{"id": 1, "text": "Email [EMAIL]"}\n'
    assert b"line 2:" in proc.stderr
