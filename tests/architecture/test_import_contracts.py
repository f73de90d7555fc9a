"""The layers are import-linter contracts (pyproject.toml), run by `make test` before pytest.

These tests prove the contracts hold on the code as it is, and that they bite: a copy of the
package with one forbidden import planted fails, naming the broken rule.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT), "--no-cache"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PYTHONPATH": str(cwd), "PATH": "/usr/bin:/bin"},
    )


def test_the_code_keeps_every_contract():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


PLANTED = [
    ("linkhub/platform/models.py", "import linkhub.tenants.issues.models", "platform imports no other layer"),
    (
        "linkhub/federation/models.py",
        "import linkhub.tenants.feedback.models",
        "federation and search never import tenants",
    ),
    ("linkhub/search/service.py", "import linkhub.federation.access", "search never imports federation"),
    (
        "linkhub/tenants/sharing/models.py",
        "import linkhub.federation.models",
        "tenants reach federation only through linkhub.federation.public",
    ),
    ("linkhub/tenants/common/models.py", "import linkhub.tenants.reports.models", "tenant domains in layers"),
    ("linkhub/tenants/directory/models.py", "import linkhub.tenants.feedback.models", "tenant domains in layers"),
]


@pytest.mark.parametrize("path, line, rule", PLANTED, ids=[p[2][:40] + " " + p[0] for p in PLANTED])
def test_a_forbidden_import_fails_and_names_the_rule(tmp_path, path, line, rule):
    shutil.copytree(ROOT / "linkhub", tmp_path / "linkhub", ignore=shutil.ignore_patterns("__pycache__", "static"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    target = tmp_path / path
    target.write_text(target.read_text() + f"\n{line}  # planted by the test\n")
    result = _lint(tmp_path)
    assert result.returncode != 0, result.stdout
    broken = result.stdout[result.stdout.index("Broken contracts") :]
    assert rule in broken, result.stdout
