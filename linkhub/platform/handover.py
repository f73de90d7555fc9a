"""Handing a LINk over: to a new host organisation, and to another LINkHub instance.

**A new host.** At the end of a host contract the operator records the new host and the date
the old host's staff lose access (``hand_over``). The network, its records and its history
stay as they are; ``host_contracts`` keeps which organisation hosted it and when; the chosen
memberships get ``access_ends_on`` (``auth.current_access``: from that date they open nothing).
The network's host name changes at once (the handover period is the overlap until the date).

**Another instance.** ``export_network`` writes the LINk's whole data as a ZIP in open formats;
``import_network`` reads it into another LINkHub instance. The format (also in the ZIP's
``README.md``):

- ``manifest.json``: ``format`` ("linkhub-network-export"), ``version`` (1), ``exported_at``,
  ``schema_revision`` (the Alembic revision of the exporting database: an import needs the same
  one), ``network`` (slug, name, local authority, region, host, and the host history), and
  ``tables``: for each table its columns and row count, and ``files`` with their SHA-256.
- ``data/<table>.json``: the rows as a JSON list of objects (dates and times in ISO 8601).
  ``network_id`` is left out (the importing network's own id is used). References to user
  accounts (``created_by_id``, ``user_id`` and the like) are written as ``{"user": email}``;
  ``manifest.json`` lists those people (email and name, never a password). The import links
  each to the account with that address in the other instance, or makes a disabled account
  for it (the person resets the password to sign in, or the operator invites them).
- ``csv/<table>.csv``: the same rows as CSV with a header line (for spreadsheets; the import
  reads the JSON).
- ``files/<table>/<id>-<column>``: binary columns (uploaded papers, attachments, receipts); the
  JSON names the file as ``{"file": "files/..."}``.

The tables are every tenant table (``TenantMixin``) and the network's audit log. Tables that
point at rows outside the LINk (shares into regional working groups, pathway tags: the
federation store stays with the old instance) are in the export for the record, listed in
``record_only``, and not imported. Ids are kept
(audit rows excepted: nothing refers to them, they take new ids),
so links between records (foreign keys and the ``(kind, id)`` links) survive unchanged; an
import into an instance where any of those ids is already used by another network is refused
before anything is written (the usual case, a new host's own instance, has them free).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, LargeBinary, func, insert, select, text

from . import audit
from .db import db, utcnow
from .models import AuditEvent, HostContract, Membership, Network, User
from .services import ServiceError, create_network
from .tenancy import network_scope

FORMAT, VERSION = "linkhub-network-export", 1
README = __doc__.split("**Another instance.**", 1)[1]


# --- a new host ------------------------------------------------------------------------------


def host_history(network: Network) -> list[HostContract]:
    return list(
        db.session.scalars(select(HostContract).where(HostContract.network_id == network.id).order_by(HostContract.id))
    )


def hand_over(
    network: Network, *, new_host: str, access_ends_on: date, membership_ids: list[int], note: str = "", by=None
) -> HostContract:
    """The LINk moves to ``new_host``; the chosen memberships (the old host's staff) end on
    ``access_ends_on``. Nothing else changes: the records and their history stay."""
    new_host = (new_host or "").strip()
    if not new_host:
        raise ServiceError("Enter the new host organisation", field="new_host")
    if len(new_host) > 200:
        raise ServiceError("The host's name must be 200 characters or fewer", field="new_host")
    if new_host.lower() == network.host_organisation.lower():
        raise ServiceError("The new host must be a different organisation", field="new_host")
    if not isinstance(access_ends_on, date):
        raise ServiceError("Enter the date the old host's staff lose access", field="access_ends_on")
    memberships = db.session.scalars(
        select(Membership).where(Membership.network_id == network.id, Membership.id.in_(membership_ids or [0]))
    ).all()
    if len(memberships) != len(set(membership_ids or [])):
        raise ServiceError("Choose people of this network", field="membership_ids")
    history = host_history(network)
    if not history:  # the host so far, from the network's creation
        first = HostContract(
            network_id=network.id, host_organisation=network.host_organisation, started_on=network.created_at.date()
        )
        db.session.add(first)
        history = [first]
    history[-1].ended_on = access_ends_on
    contract = HostContract(
        network_id=network.id, host_organisation=new_host, started_on=access_ends_on, note=(note or "").strip()[:2000]
    )
    db.session.add(contract)
    old = network.host_organisation
    network.host_organisation = new_host
    for membership in memberships:
        membership.access_ends_on = access_ends_on
    db.session.flush()
    audit.record(
        "network.handed_over",
        "network",
        network.id,
        network_id=network.id,
        actor=by,
        old_host=old,
        new_host=new_host,
        access_ends_on=access_ends_on.isoformat(),
        memberships=[m.id for m in memberships],
    )
    return contract


# --- export ----------------------------------------------------------------------------------


def exported_tables() -> list:
    """The network's tables in dependency order: every tenant table, then its audit log."""
    from .migrations.security import tenant_tables

    names = set(tenant_tables())
    ordered = [t for t in db.metadata.sorted_tables if t.name in names]
    return ordered + [AuditEvent.__table__]


def record_only(tables) -> set[str]:
    """Tables that point at rows outside the LINk (the federation store: working groups,
    pathways): exported for the record, not imported (those rows belong to the old instance)."""
    outside: set[str] = set()
    while True:  # and what points at those, in turn
        inside = ({t.name for t in tables} - outside) | {"users", "networks"}
        found = {
            t.name
            for t in tables
            if any(fk.column.table.name not in inside for c in t.columns for fk in c.foreign_keys)
        }
        if found <= outside:
            return outside
        outside |= found


def _user_columns(table) -> set[str]:
    return {c.name for c in table.columns if any(fk.column.table.name == "users" for fk in c.foreign_keys)}


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def schema_revision() -> str | None:
    try:
        return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except Exception:  # a database made without migrations (none in practice)
        db.session.rollback()
        return None


def export_network(network: Network, *, by=None) -> bytes:
    """The whole LINk as a ZIP (see the module's docstring). Reads inside the network's scope."""
    revision = schema_revision()
    buffer = io.BytesIO()
    manifest: dict = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": utcnow().isoformat(),
        "schema_revision": revision,
        "network": {
            "slug": network.slug,
            "name": network.name,
            "local_authority": network.local_authority,
            "region": network.region,
            "host_organisation": network.host_organisation,
            "host_history": [
                {
                    "host_organisation": h.host_organisation,
                    "started_on": _plain(h.started_on),
                    "ended_on": _plain(h.ended_on),
                    "note": h.note,
                }
                for h in host_history(network)
            ],
        },
        "tables": {},
        "files": {},
        "users": [],
    }
    people: dict[int, User | None] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive, network_scope(network.id):
        for table in exported_tables():
            columns = [c for c in table.columns if c.name != "network_id"]
            users = _user_columns(table)
            query = select(*columns).where(table.c.network_id == network.id)
            if "id" in table.c:
                query = query.order_by(table.c.id)
            rows = []
            for row in db.session.execute(query).mappings():
                out = {}
                for column in columns:
                    value = row[column.name]
                    if column.name in users:
                        value = {"user": _email(value, people)} if value is not None else None
                    elif isinstance(column.type, LargeBinary) and value is not None:
                        path = f"files/{table.name}/{row['id']}-{column.name}"
                        archive.writestr(path, value)
                        manifest["files"][path] = hashlib.sha256(value).hexdigest()
                        value = {"file": path}
                    out[column.name] = _plain(value)
                rows.append(out)
            names = [c.name for c in columns]
            archive.writestr(f"data/{table.name}.json", json.dumps(rows, ensure_ascii=False, indent=1, sort_keys=True))
            archive.writestr(f"csv/{table.name}.csv", _csv(names, rows))
            manifest["tables"][table.name] = {"columns": names, "rows": len(rows)}
        manifest["record_only"] = sorted(record_only(exported_tables()))
        manifest["users"] = sorted(
            ({"email": u.email, "name": u.name} for u in people.values() if u is not None), key=lambda u: u["email"]
        )
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        archive.writestr("README.md", f"# {network.name}: a LINkHub export\n" + README)
    audit.record("network.exported", "network", network.id, network_id=network.id, actor=by, revision=revision)
    return buffer.getvalue()


def _email(user_id: int, people: dict) -> str | None:
    if user_id not in people:
        people[user_id] = db.session.get(User, user_id)
    found = people[user_id]
    return found.email if found is not None else None


def _csv(names: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(names)
    for row in rows:
        writer.writerow(
            [
                (
                    v["file"]
                    if isinstance(v, dict) and "file" in v
                    else v["user"]
                    if isinstance(v, dict) and "user" in v
                    else json.dumps(v)
                    if isinstance(v, (dict, list))
                    else v
                )
                if v is not None
                else ""
                for v in (row[n] for n in names)
            ]
        )
    return out.getvalue()


# --- import ----------------------------------------------------------------------------------


def _value(column, value, archive):
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, LargeBinary):
        if not isinstance(value, dict) or "file" not in value:
            raise ServiceError(f"{column.table.name}.{column.name}: expected a file reference", field="file")
        try:
            return archive.read(value["file"])
        except KeyError:
            raise ServiceError(f"The export lacks the file {value['file']}", field="file") from None
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Integer) and not isinstance(value, int):
        raise ServiceError(f"{column.table.name}.{column.name}: expected a whole number", field="file")
    if isinstance(kind, JSON):
        return value
    return value


def read_export(data: bytes) -> tuple[dict, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read("manifest.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise ServiceError("This is not a LINkHub network export (a ZIP with manifest.json)", field="file") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise ServiceError("This export's format or version is not one this instance reads", field="file")
    for path, digest in (manifest.get("files") or {}).items():
        try:
            content = archive.read(path)
        except KeyError:
            raise ServiceError(f"The export lacks the file {path}", field="file") from None
        if hashlib.sha256(content).hexdigest() != digest:
            raise ServiceError(f"The file {path} does not match its checksum", field="file")
    return manifest, archive


def import_network(data: bytes, *, slug: str | None = None, by=None) -> Network:
    """Create the exported LINk in this instance, all or nothing (the caller commits)."""
    manifest, archive = read_export(data)
    if manifest.get("schema_revision") != schema_revision():
        raise ServiceError(
            f"The export was made at database revision {manifest.get('schema_revision')}; this instance is at "
            f"{schema_revision()}. Upgrade the older one first.",
            field="file",
        )
    known = {t.name: t for t in exported_tables()}
    unknown = sorted(set(manifest.get("tables", {})) - set(known))
    if unknown:
        raise ServiceError(f"The export has tables this instance does not know: {', '.join(unknown)}", field="file")
    about = manifest.get("network") or {}
    network = create_network(
        slug=slug or about.get("slug", ""),
        name=about.get("name", ""),
        local_authority=about.get("local_authority", ""),
        region=about.get("region", ""),
        host_organisation=about.get("host_organisation", ""),
    )
    db.session.flush()
    for h in about.get("host_history") or []:
        db.session.add(
            HostContract(
                network_id=network.id,
                host_organisation=h.get("host_organisation", "")[:200],
                started_on=date.fromisoformat(h["started_on"]) if h.get("started_on") else None,
                ended_on=date.fromisoformat(h["ended_on"]) if h.get("ended_on") else None,
                note=h.get("note") or "",
            )
        )
    accounts = _accounts(manifest.get("users") or [])
    loaded: list[tuple] = []
    skipped = record_only(list(known.values()))
    for name, table in known.items():
        if name not in manifest.get("tables", {}) or name in skipped:
            continue
        try:
            rows = json.loads(archive.read(f"data/{name}.json"))
        except (KeyError, ValueError):
            raise ServiceError(f"The export lacks data/{name}.json", field="file") from None
        columns = {c.name: c for c in table.columns}
        users = _user_columns(table)
        prepared = []
        for row in rows:
            extra = set(row) - set(columns)
            if extra:
                raise ServiceError(f"{name}: unknown columns {', '.join(sorted(extra))}", field="file")
            values = {
                k: (_user_id(v, accounts) if k in users else _value(columns[k], v, archive)) for k, v in row.items()
            }
            values["network_id"] = network.id
            if table is AuditEvent.__table__:  # nothing refers to an audit row: it takes a new id
                values.pop("id", None)
            prepared.append(values)
        loaded.append((table, prepared))
    _refuse_taken_ids(loaded)
    with network_scope(network.id):
        for table, prepared in loaded:
            if prepared:
                db.session.execute(insert(table), prepared)
        _advance_sequences([t for t, rows in loaded if rows and "id" in t.c and t is not AuditEvent.__table__])
    audit.record(
        "network.imported",
        "network",
        network.id,
        network_id=network.id,
        actor=by,
        exported_at=manifest.get("exported_at"),
        tables=len(loaded),
    )
    return network


def _accounts(listed: list[dict]) -> dict[str, int]:
    """E-mail -> user id in this instance: the account with that address, or a new disabled one
    (the person signs in after resetting the password, or the operator invites them)."""
    out = {}
    for entry in listed:
        email = str(entry.get("email") or "").strip().lower()
        if not email or "@" not in email or len(email) > 254:
            raise ServiceError("The export lists a person without a valid email address", field="file")
        user = db.session.scalar(select(User).where(func.lower(User.email) == email))
        if user is None:
            user = User(email=email, name=str(entry.get("name") or email)[:200], password_hash="!", is_disabled=True)
            db.session.add(user)
            db.session.flush()
        out[email] = user.id
    return out


def _user_id(value, accounts: dict[str, int]):
    if value is None:
        return None
    email = value.get("user") if isinstance(value, dict) else None
    if not isinstance(email, str) or email.lower() not in accounts:
        raise ServiceError("The export refers to a person it does not list", field="file")
    return accounts[email.lower()]


def _refuse_taken_ids(loaded) -> None:
    from .tenancy import platform_scope

    with platform_scope():
        for table, rows in loaded:
            ids = [r["id"] for r in rows if r.get("id") is not None]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                if chunk and db.session.scalar(select(func.count()).select_from(table).where(table.c.id.in_(chunk))):
                    raise ServiceError(
                        f"This instance already uses some of the export's {table.name} ids: import into an "
                        "instance without them (such as the new host's own new instance)",
                        status=409,
                        field="file",
                    )


def _advance_sequences(tables) -> None:
    """PostgreSQL: move each id sequence past the ids just written (the app role may call
    nextval, not setval)."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in tables:
        top = db.session.scalar(select(func.max(table.c.id)))
        sequence = db.session.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name})
        if not top or not sequence:
            continue
        db.session.execute(  # the sequence's name comes from pg_get_serial_sequence, not from the file
            text(
                "SELECT nextval(:s) FROM generate_series(1, GREATEST(0, :top - "
                f"(SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM {sequence})))"
            ),
            {"s": sequence, "top": top},
        )
