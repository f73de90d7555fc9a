"""Each domain keeps one shape (docs/architecture.md): ``services`` (a module, or a package when
it grows) is the only code that changes state; handlers (outbox events) and demo loaders may too.

Read from the source (AST), so a new module is checked by existing: a session write, an audit
record or an outbox event anywhere else in tenants or federation fails here and names the line.
Views and API call services and only commit or roll back (the request lifecycle).
"""

from __future__ import annotations

import ast
from pathlib import Path

from linkhub.platform import discovery

PACKAGE = Path(__file__).resolve().parents[2] / "linkhub"
SESSION_WRITES = {
    "add",
    "add_all",
    "delete",
    "merge",
    "bulk_save_objects",
    "bulk_insert_mappings",
    "bulk_update_mappings",
}
MAY_CHANGE_STATE = {"handlers.py", "demo.py"}


def state_changes(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr in SESSION_WRITES
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "session"
        ):
            found.append((node.lineno, f"session.{func.attr}"))
        elif (
            isinstance(func, ast.Attribute)
            and func.attr == "record"
            and isinstance(func.value, ast.Name)
            and func.value.id == "audit"
        ):
            found.append((node.lineno, "audit.record"))
        elif (isinstance(func, ast.Name) and func.id == "emit") or (
            isinstance(func, ast.Attribute)
            and func.attr == "emit"
            and isinstance(func.value, ast.Name)
            and func.value.id in ("outbox", "box")
        ):
            found.append((node.lineno, "emit"))
    return found


def _changes_state_legitimately(path: Path) -> bool:
    return "services" in path.parts or path.name in ("services.py", *MAY_CHANGE_STATE)


def domain_modules():
    for layer in ("tenants", "federation"):
        yield from sorted((PACKAGE / layer).rglob("*.py"))


def test_only_services_change_state():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line} {what}"
        for path in domain_modules()
        if not _changes_state_legitimately(path)
        for line, what in state_changes(path)
    ]
    assert offenders == [], "state changes outside services:\n" + "\n".join(offenders)


def test_the_check_sees_a_state_change(tmp_path):
    planted = tmp_path / "views.py"
    planted.write_text(
        "from linkhub.platform import audit\n\ndef v():\n    db.session.add(x)\n"
        "    audit.record('x.y', 'x', 1)\n    emit('a.b', {})\n"
    )
    assert [what for _, what in state_changes(planted)] == ["session.add", "audit.record", "emit"]


def test_every_tenant_domain_has_the_shape():
    domains = sorted(p for p in (PACKAGE / "tenants").iterdir() if (p / "__init__.py").exists())
    assert len(domains) >= 10
    for domain in domains:
        assert (domain / "models.py").exists(), domain
        assert (domain / "services.py").exists() or (domain / "services" / "__init__.py").exists(), domain
        for leaf in ("views", "api"):
            if (domain / f"{leaf}.py").exists():
                assert (domain / "templates").is_dir() or leaf == "api", f"{domain.name} has pages but no templates/"


def test_blueprints_live_in_views_and_api_modules_only():
    """Discovery finds blueprints in the leaf modules it declares, so a blueprint made elsewhere
    would never be registered."""
    assert {"views", "api"} <= set(discovery.LEAVES)
    offenders = []
    for path in domain_modules():
        if path.name in ("views.py", "api.py"):
            continue
        source = path.read_text()
        if "Blueprint(" in source or "network_blueprint(" in source or "network_api_blueprint(" in source:
            offenders.append(str(path.relative_to(PACKAGE.parent)))
    assert offenders == []


def test_every_kind_a_work_item_links_to_names_its_table():
    """A kind without a table would make every link of that kind a KeyError (a 500)."""
    from linkhub.tenants.workprogramme.models import LINK_KINDS, LINK_TABLES

    assert set(LINK_TABLES) == set(LINK_KINDS)
