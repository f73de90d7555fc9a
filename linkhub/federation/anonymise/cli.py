"""``linkhub anonymise [FILE]``: scrub free text in JSON Lines, for bulk use.

Reads records ``{"id": ..., "text": ...}`` (other keys are passed through
unchanged) from FILE or standard input and writes the same records, in the
same order, with ``text`` scrubbed, one a line. A malformed line is reported
on standard error with its line number and left out; the other lines are
still processed, and the exit code is then 1. Needs no database or network.
"""

from __future__ import annotations

import json
import sys

import click

from . import scrub


def _parse(line: bytes) -> dict:
    """The record on one line, or ValueError saying what is wrong with it."""
    try:
        record = json.loads(line)
    except ValueError as exc:  # includes bad UTF-8
        raise ValueError(f"not valid JSON ({exc})") from None
    if not isinstance(record, dict):
        raise ValueError("not a JSON object")
    if not isinstance(record.get("text"), str):
        raise ValueError('no string "text"' if "text" in record else 'no "text"')
    return record


@click.command("anonymise")
@click.argument("file", type=click.File("rb"), default="-", required=False)
def anonymise(file) -> None:
    """Scrub the "text" of each JSON Lines record in FILE (default: standard input)."""
    out = sys.stdout.buffer  # bytes: no re-encoding, and UTF-8 whatever the locale
    malformed = 0
    for number, line in enumerate(file, start=1):
        if not line.strip():
            continue  # blank lines (a trailing newline) carry no record
        try:
            record = _parse(line)
        except ValueError as exc:
            click.echo(f"line {number}: {exc}", err=True)
            malformed += 1
            continue
        record["text"] = scrub(record["text"])
        out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    out.flush()
    if malformed:
        click.echo(f"{malformed} malformed line(s) left out", err=True)
        sys.exit(1)


if __name__ == "__main__":
    anonymise(prog_name="linkhub anonymise")
