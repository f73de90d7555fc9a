"""requirements/*.lock agree with pyproject.toml: every exact pin there is the version locked, every
locked package carries hashes, and the optional OpenSearch client stays out of the runtime lock.
A failure here means: run `make lock` (README, "Dependencies")."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^ \\;]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(requirements: list[str]) -> dict[str, str]:
    out = {}
    for spec in requirements:
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^ ;]+)", spec)
        if match:
            out[canonical(match.group(1))] = match.group(2)
    return out


def locked(name: str) -> dict[str, str]:
    text = (ROOT / "requirements" / f"{name}.lock").read_text()
    entries: dict[str, str] = {}
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)
    for block in blocks:
        match = ENTRY.match(block)
        if match:
            assert "--hash=sha256:" in block, f"{match.group(1)} in {name}.lock has no hash"
            entries[canonical(match.group(1))] = match.group(2)
    return entries


RUNTIME = pins(PROJECT["dependencies"])
EXTRAS = {extra: pins(specs) for extra, specs in PROJECT["optional-dependencies"].items()}


@pytest.mark.parametrize(
    ("lock", "wanted"),
    [
        ("runtime", RUNTIME),
        ("opensearch", RUNTIME | EXTRAS["opensearch"]),
        ("dev", RUNTIME | EXTRAS["opensearch"] | EXTRAS["dev"]),
    ],
)
def test_every_pin_is_the_locked_version(lock, wanted):
    entries = locked(lock)
    stale = {name: (version, entries.get(name)) for name, version in wanted.items() if entries.get(name) != version}
    assert not stale, f"run `make lock`: {stale}"


def test_every_dependency_is_pinned_exactly_in_pyproject():
    for spec in PROJECT["dependencies"] + [s for specs in PROJECT["optional-dependencies"].values() for s in specs]:
        assert "==" in spec or spec.startswith("linkhub["), spec


def test_opensearch_is_optional_and_tqdm_gone():
    assert "opensearch-py" not in locked("runtime") and "grpcio" not in locked("runtime")
    assert "opensearch-py" in locked("opensearch") and "opensearch-py" in locked("dev")
    assert not any("tqdm" in locked(name) for name in ("runtime", "opensearch", "dev"))
