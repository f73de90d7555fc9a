"""Issue 16 "The README stands alone": the design and glossary are inside the repository, and
`make run` takes a port."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_readme_points_only_inside_the_repository():
    readme = (ROOT / "README.md").read_text()
    assert "../shared" not in readme and "DESIGN.md" not in readme
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), target
    design = (ROOT / "docs" / "design.md").read_text()
    assert "## Glossary" in design and "**network** = one LINk" in design and "**invitation**" in design
    assert "seeds/" not in design and "../shared" not in design


def test_make_run_takes_a_port():
    dry = subprocess.run(
        ["make", "-n", "run", "PORT=5001"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "serve --bind 127.0.0.1:5001" in dry
    default = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "serve --bind 127.0.0.1:5000" in default
