"""Bulk CSV import of feedback: streamed, validated line by line, all or nothing.

Columns (header row required, order free, names fixed):
``received_on`` (YYYY-MM-DD, required), ``channel`` (phone, event, email, survey, visit, letter, web),
``service`` (a service name from the directory, or any text), ``theme`` (a theme key, see
``THEMES``), ``rating`` (1-5 or blank), ``what_happened`` (required, at most 10,000 characters),
``happened_month`` (YYYY-MM or blank), ``contact_name``, ``email``, ``phone``, ``consent`` (yes/no).

Every line is checked; errors name the line number (the header is line 1). Rows are inserted in
batches inside one transaction as they are read, so memory stays bounded however long the file
is; if any line is wrong, or on a dry run, the transaction is rolled back and nothing is stored.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable, Iterable

from sqlalchemy import JSON, insert, select

from linkhub.platform.validation import has_control
from linkhub.platform import audit, clock
from linkhub.platform.db import db
from linkhub.platform.outbox import emit
from linkhub.platform.tenancy import current_network_id
from linkhub.tenants.directory.models import Service

from ..models import CHANNELS, MAX_TEXT, RATINGS, THEMES, Contact, Feedback, new_reference
from ..phones import NotAPhoneNumber, normalise_phone
from . import EMAIL, normalise_email

REQUIRED = ("received_on", "channel", "service", "theme", "what_happened")
COLUMNS = REQUIRED + ("rating", "happened_month", "contact_name", "email", "phone", "consent")
BATCH = 1000
MAX_ERRORS = 200  # enough to fix a file; a wholly wrong file should not produce 100,000 lines


@dataclass
class ImportResult:
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.errors


class _Lookups:
    """Directory services and known contacts, loaded once per import; new contacts are inserted
    a batch at a time (one statement per batch, not one per person)."""

    def __init__(self):
        self.services = {s.name.lower(): (s.id, s.provider_id) for s in db.session.scalars(select(Service))}
        self.by_email, self.by_phone = {}, {}
        for c in db.session.execute(
            select(Contact.id, Contact.email, Contact.phone).where(Contact.merged_into_id.is_(None))
        ):
            self._remember(c.id, c.email, c.phone)

    def _remember(self, contact_id: int, email: str | None, phone: str | None) -> None:
        if email:
            self.by_email[email] = contact_id
        if phone:
            self.by_phone[phone] = contact_id

    def known(self, email: str | None, phone: str | None) -> int | None:
        return (email and self.by_email.get(email)) or (phone and self.by_phone.get(phone)) or None

    def resolve(self, batch: list[dict]) -> None:
        """Set ``contact_id`` on every row of the batch, inserting the people not seen before."""
        new: dict[str, dict] = {}
        for row in batch:
            name, email, phone = row.pop("contact_name"), row.pop("email"), row.pop("phone")
            row["contact_id"] = self.known(email, phone)
            if row["contact_id"] is None and (email or phone):
                key = email or phone  # within one file a person is matched on e-mail first
                new.setdefault(key, {"name": name, "email": email, "phone": phone})
                row["_contact"] = key
        if new:
            now = datetime.now(timezone.utc)
            ids = (
                db.session.execute(
                    insert(Contact).returning(Contact.id, sort_by_parameter_order=True),
                    [dict(network_id=current_network_id(), created_at=now, **person) for person in new.values()],
                )
                .scalars()
                .all()
            )
            for person, contact_id in zip(new.values(), ids):
                self._remember(contact_id, person["email"], person["phone"])
                person["id"] = contact_id
        for row in batch:
            key = row.pop("_contact", None)
            if key is not None:
                row["contact_id"] = new[key]["id"]
            row["consent_to_contact"] = row["consent_to_contact"] and row["contact_id"] is not None


def _parse_row(row: dict, lookups: _Lookups) -> tuple[dict, str | None]:
    """Return (values, error) for one CSV row."""
    get = lambda key: (row.get(key) or "").strip()  # noqa: E731
    for column, value in row.items():  # before anything else, so a dry run finds it too
        if has_control(value):
            return {}, f"{column} has a control character (such as a NUL byte): remove it"
    try:  # fromisoformat is C code; strptime would be the slowest step of a large import
        day = get("received_on")
        if len(day) != 10:
            raise ValueError(day)
        received = datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=timezone.utc)
    except ValueError:
        return {}, f"received_on '{get('received_on')}' is not a date like 2026-03-31"
    if received.date() > clock.today():
        return {}, "received_on is in the future"
    if get("channel") not in CHANNELS:
        return {}, f"channel '{get('channel')}' must be one of: {', '.join(CHANNELS)}"
    if get("theme") not in THEMES:
        return {}, f"theme '{get('theme')}' must be one of: {', '.join(THEMES)}"
    text = get("what_happened")
    if not text:
        return {}, "what_happened is empty"
    if len(text) > MAX_TEXT:
        return {}, f"what_happened is longer than {MAX_TEXT:,} characters"
    if not get("service"):
        return {}, "service is empty"
    rating = None
    if get("rating"):
        if not get("rating").isdigit() or int(get("rating")) not in RATINGS:
            return {}, f"rating '{get('rating')}' must be a whole number from 1 to 5"
        rating = int(get("rating"))
    month = None
    if get("happened_month"):
        try:
            if len(get("happened_month")) != 7:
                raise ValueError(get("happened_month"))
            month = date.fromisoformat(get("happened_month") + "-01")
        except ValueError:
            return {}, f"happened_month '{get('happened_month')}' is not a month like 2026-03"
    email = normalise_email(get("email"))
    if email and not EMAIL.match(email):
        return {}, f"email '{get('email')}' is not an email address"
    try:
        phone = normalise_phone(get("phone"))
    except NotAPhoneNumber:
        return {}, f"phone '{get('phone')}' is not a telephone number"
    if get("consent").lower() not in ("", "yes", "no", "y", "n", "true", "false"):
        return {}, "consent must be yes or no"
    service = lookups.services.get(get("service").lower())
    return {
        "received_at": received,
        "channel": get("channel"),
        "theme": get("theme"),
        "what_happened": text,
        "rating": rating,
        "happened_month": month,
        "service_id": service[0] if service else None,
        "provider_id": service[1] if service else None,
        "service_text": "" if service else get("service")[:200],
        "contact_name": get("contact_name")[:200],
        "email": email,
        "phone": phone,
        "consent_to_contact": get("consent").lower() in ("yes", "y", "true"),
    }, None


def read_csv(stream) -> Iterable[tuple[int, dict]]:
    """Yield (line number, row) from a binary stream, decoding UTF-8 (with or without BOM)."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    reader = csv.DictReader(text)
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportError_(1, f"the header row is missing: {', '.join(missing)} (columns: {', '.join(COLUMNS)})")
    unknown = [c for c in reader.fieldnames if c not in COLUMNS]
    if unknown:
        raise ImportError_(1, f"unknown columns: {', '.join(unknown)} (columns: {', '.join(COLUMNS)})")
    for row in reader:
        if None in row:
            raise ImportError_(reader.line_num, "this line has more values than the header has columns")
        yield reader.line_num, row


def _write(batch: list[dict], lookups: _Lookups) -> None:
    lookups.resolve(batch)
    if db.session.get_bind().dialect.name == "postgresql":
        _insert_unnest(batch)
    else:
        db.session.execute(insert(Feedback), batch)
    batch.clear()


def _insert_unnest(batch: list[dict]) -> None:
    """PostgreSQL: one ``INSERT ... SELECT FROM unnest(arrays)`` per batch, one array per column.
    A statement per row (even pipelined) costs the server a parse and plan each; a multi-row
    VALUES costs SQLAlchemy a fresh compile of thousands of bind parameters; COPY is refused for
    tables with row-level security."""
    from sqlalchemy import text
    from sqlalchemy.dialects import postgresql

    columns = list(batch[0])
    table = Feedback.__table__
    casts, params = [], {}
    for i, column in enumerate(columns):
        column_type = table.c[column].type
        values = [row[column] for row in batch]
        if isinstance(column_type, JSON):  # sent as text, cast on the server
            values = [json.dumps(value) for value in values]
            casts.append(f"CAST(:c{i} AS text[])::json[]")
        else:
            casts.append(f"CAST(:c{i} AS {column_type.compile(dialect=postgresql.dialect())}[])")
        params[f"c{i}"] = values
    insert_sql = f"INSERT INTO feedback ({', '.join(columns)}) SELECT * FROM unnest({', '.join(casts)})"  # nosec B608 # constant names; values are bound
    db.session.execute(text(insert_sql), params)


class ImportError_(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def import_feedback(
    stream, *, dry_run: bool, entered_by=None, progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Check (and unless ``dry_run`` insert) every line. The caller commits when ``result.ok``
    and not ``dry_run``; this function rolls back itself otherwise."""
    result = ImportResult(dry_run=dry_run)
    lookups = _Lookups()
    batch: list[dict] = []
    network_id = current_network_id()
    line = 1
    try:
        for line, row in read_csv(stream):
            values, error = _parse_row(row, lookups)
            result.rows += 1
            if progress and result.rows % 500 == 0:
                progress(500)
            if error:
                if len(result.errors) < MAX_ERRORS:
                    result.errors.append((line, error))
                continue
            if len(result.preview) < 10:
                result.preview.append(dict(values))
            if result.errors or dry_run:
                continue
            values.update(
                network_id=network_id,
                reference=new_reference(),
                equality={},
                entered_by_id=getattr(entered_by, "id", None),
            )
            batch.append(values)
            if len(batch) >= BATCH:
                _write(batch, lookups)
    except ImportError_ as exc:
        result.errors.append((exc.line, exc.message))
    except UnicodeDecodeError:
        result.errors.append((line + 1, "the file is not UTF-8 text: save it as 'CSV UTF-8' and try again"))
    except csv.Error as exc:
        result.errors.append((line + 1, f"this line is not valid CSV: {exc}"))
    if result.rows == 0 and not result.errors:
        result.errors.append((1, "the file has no rows under the header"))
    if result.errors or dry_run:
        db.session.rollback()
        return result
    if batch:
        _write(batch, lookups)
    audit.record("feedback.imported", "feedback", None, rows=result.rows)
    emit("feedback.imported", {"rows": result.rows})
    return result


PENDING_HOURS = 24


def keep_checked_file(content: bytes, filename: str, rows: int, user_id: int) -> str:
    """Keep a file that passed its dry run for its uploader to import; returns the token the
    confirm button carries. Files kept longer than a day in this network are dropped."""
    from datetime import timedelta

    from sqlalchemy import delete

    from linkhub.platform.db import utcnow

    from ..models import PendingImport

    db.session.execute(
        delete(PendingImport)
        .where(PendingImport.created_at < utcnow() - timedelta(hours=PENDING_HOURS))
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(24)
    db.session.add(PendingImport(token=token, user_id=user_id, filename=filename[:255], content=content, rows=rows))
    return token


def take_checked_file(token: str, user_id: int):
    """The kept file (removed from the store in the same transaction as its import), or None
    when it is not this person's, has expired or was imported already."""
    from datetime import timedelta

    from linkhub.platform.db import utcnow

    from ..models import PendingImport

    kept = db.session.scalar(
        select(PendingImport).where(PendingImport.token == (token or "")[:64], PendingImport.user_id == user_id)
    )
    if kept is None:
        return None
    created = kept.created_at if kept.created_at.tzinfo else kept.created_at.replace(tzinfo=utcnow().tzinfo)
    if created < utcnow() - timedelta(hours=PENDING_HOURS):
        return None
    db.session.delete(kept)
    return kept
