"""axe-core for the browser journeys: ``assert_accessible(page)`` after every page visited.

axe-core comes from npm (``node_modules/axe-core``, installed by ``npm ci``). Violations with
impact ``serious`` or ``critical`` fail the test; the others (``minor``, ``moderate``) are printed
so they show in the output of a failing run (or with ``pytest -s``) without failing it.
"""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = {"serious", "critical"}

_RUN = (
    """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"""
)


def run_axe(page) -> list[dict]:
    """Inject axe-core (once per document) and return its violations for the current page."""
    page.wait_for_load_state("load")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, not as a <script> tag: the pages' strict CSP
        # (nonce only) rightly refuses an inline script tag, and the test must not loosen it.
        page.evaluate(AXE_JS.read_text() + "\n;undefined")
    return page.evaluate(_RUN, TAGS)["violations"]


def describe(violation: dict) -> str:
    nodes = "\n".join(f"      {', '.join(map(str, n['target']))}: {n['html'][:160]}" for n in violation["nodes"][:5])
    more = f"\n      ... and {len(violation['nodes']) - 5} more" if len(violation["nodes"]) > 5 else ""
    return f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})\n{nodes}{more}"


def _report(where: str, url: str, violations: list[dict]) -> None:
    """With LINKHUB_AXE_REPORT=file, one JSON line per page checked: the accessibility statement's
    figures come from such a run (see linkhub/platform/templates/shell/accessibility.html)."""
    import json
    import os

    target = os.environ.get("LINKHUB_AXE_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(
                json.dumps(
                    {
                        "where": where,
                        "url": url,
                        "violations": [
                            {"id": v["id"], "impact": v.get("impact"), "nodes": len(v["nodes"])} for v in violations
                        ],
                    }
                )
                + "\n"
            )


def assert_accessible(page, label: str | None = None) -> list[dict]:
    """Fail on serious or critical axe violations on the page now shown; print the others.

    Returns every violation found, so a journey can make further checks if it wants.
    """
    violations = run_axe(page)
    where = label or page.url
    minor = [v for v in violations if v.get("impact") not in BLOCKING]
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    _report(where, page.url, violations)
    if minor:
        print(f"\naxe (not blocking) on {where}:\n" + "\n".join(describe(v) for v in minor))
    assert not blocking, f"axe found {len(blocking)} serious or critical violation(s) on {where}:\n" + "\n".join(
        describe(v) for v in blocking
    )
    return violations
