"""Outbox payloads the search layer indexes, and how each becomes a `SearchDocument`.

Producers (the reports and powers domains, federation) emit these with
``linkhub.platform.outbox.emit(type, payload)`` in the transaction that publishes or withdraws.
Payloads are plain JSON. Unknown keys are ignored; a missing optional key takes its default;
a missing required key or a value outside a closed list raises `PayloadError`, so the event
fails every delivery and ends as a dead letter the operator can see.

``report.published`` (indexes or replaces the report; doc id ``report:<public_ref>``)
  required: ``public_ref`` (str, the report's random public reference), ``network`` (slug),
  ``title``, ``published_on`` (ISO date ``YYYY-MM-DD``)
  optional: ``network_name`` (default: the slug), ``region`` (a platform region name or its
  slug, e.g. ``"North West"`` / ``"north_west"``), ``summary``, ``body`` (default ``""``),
  ``report_type`` (``network_report`` | ``enter_and_view`` | ``joint_report`` | ``annual_report``, default
  ``network_report``), ``providers``, ``service_types``, ``powers`` (lists of str, default
  ``[]``; powers from ``vocabulary.POWERS``), ``pathway`` (str), ``response_status`` (from
  ``vocabulary.RESPONSE_STATUSES``), ``url`` (the public report page, default
  ``/networks/<network>/reports/<public_ref>``)

``report.unpublished``: ``public_ref`` (removes the report)

``shared_issue.shared`` (doc id ``shared_issue:<shared_issue_id>``)
  required: ``shared_issue_id`` (int or str), ``title``, ``month`` (``YYYY-MM``: month, never
  a day, because shared issues are anonymised)
  optional: ``working_group_ids`` (list of int, default ``[]`` = national bodies only),
  ``summary``, ``pathway``, ``stage``, ``theme``, ``service_type``, ``provider`` (str each),
  ``region``, ``network``, ``feedback_count``, ``people_count`` (int >= 0, default 0), ``url``
  (default ``/shared-issues/<shared_issue_id>``)

``shared_issue.withdrawn``: ``shared_issue_id`` (removes the issue from every index)

Every text is already public (a published report) or already anonymised and approved (a
shared issue) when the event is emitted: the search layer indexes what it is given.
"""

from __future__ import annotations

from datetime import date

from linkhub.platform.outbox import DeadLetter

from .documents import SearchDocument
from .vocabulary import POWERS, REPORT_TYPES, RESPONSE_STATUSES, region_name

REPORT_EVENTS = ("report.published", "report.unpublished")
SHARED_ISSUE_EVENTS = ("shared_issue.shared", "shared_issue.withdrawn")
MAX_TEXT = 200_000  # characters of body kept; a longer report is cut, not refused


class PayloadError(DeadLetter, ValueError):
    """The payload does not keep the contract above; retrying cannot help."""


def _required(payload: dict, key: str) -> str:
    value = payload.get(key)
    if value is None or str(value).strip() == "":
        raise PayloadError(f"payload is missing {key!r}")
    if isinstance(value, (dict, list)):
        raise PayloadError(f"{key!r} must be a single value, not {type(value).__name__}")
    return str(value).strip()


def _text(payload: dict, key: str, default: str = "") -> str:
    value = payload.get(key)
    if value is None:
        return default
    if isinstance(value, (dict, list)):
        raise PayloadError(f"{key!r} must be text")
    return str(value)[:MAX_TEXT]


def _optional(payload: dict, key: str) -> str | None:
    value = _text(payload, key).strip()
    return value or None


def _strings(payload: dict, key: str, allowed: dict | None = None) -> list[str]:
    value = payload.get(key)
    if value is None:
        return []
    if isinstance(value, str):  # one value where a list was meant: tolerate it
        value = [value]
    if not isinstance(value, list):
        raise PayloadError(f"{key!r} must be a list of text")
    out = [str(v).strip() for v in value if v is not None and str(v).strip()]
    if allowed is not None and (bad := sorted(set(out) - set(allowed))):
        raise PayloadError(f"{key!r} has unknown values {bad}; allowed: {sorted(allowed)}")
    return out


def _choice(payload: dict, key: str, allowed: dict, default: str | None = None) -> str | None:
    value = _optional(payload, key) or default
    if value is not None and value not in allowed:
        raise PayloadError(f"{key!r} is {value!r}; allowed: {sorted(allowed)}")
    return value


def _region(payload: dict) -> str | None:
    raw = _optional(payload, "region")
    region = region_name(raw)
    if raw and region is None:
        raise PayloadError(f"'region' {raw!r} is not an English region")
    return region


def _count(payload: dict, key: str) -> int:
    value = payload.get(key, 0)
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise PayloadError(f"{key!r} must be a whole number, not {value!r}") from None
    if number < 0:
        raise PayloadError(f"{key!r} must not be negative")
    return number


def report_doc_id(payload: dict) -> str:
    return f"report:{_required(payload, 'public_ref')}"


def shared_issue_doc_id(payload: dict) -> str:
    return f"shared_issue:{_required(payload, 'shared_issue_id')}"


def report_document(payload: dict) -> SearchDocument:
    if not isinstance(payload, dict):
        raise PayloadError("payload must be a JSON object")
    ref, network = _required(payload, "public_ref"), _required(payload, "network")
    try:
        published = date.fromisoformat(_required(payload, "published_on")[:10])
    except ValueError:
        raise PayloadError(f"'published_on' is not an ISO date: {payload.get('published_on')!r}") from None
    return SearchDocument(
        doc_id=report_doc_id(payload),
        kind="report",
        title=_required(payload, "title"),
        url=_optional(payload, "url") or f"/networks/{network}/reports/{ref}",
        published_on=published,
        summary=_text(payload, "summary"),
        body=_text(payload, "body"),
        network=network,
        network_name=_optional(payload, "network_name") or network,
        region=_region(payload),
        report_type=_choice(payload, "report_type", REPORT_TYPES, "network_report"),
        providers=_strings(payload, "providers"),
        service_types=_strings(payload, "service_types"),
        pathway=_optional(payload, "pathway"),
        powers=_strings(payload, "powers", POWERS),
        response_status=_choice(payload, "response_status", RESPONSE_STATUSES),
        ods_codes=_strings(payload, "ods_codes"),
        cqc_location_ids=_strings(payload, "cqc_location_ids"),
    )


def shared_issue_document(payload: dict) -> SearchDocument:
    if not isinstance(payload, dict):
        raise PayloadError("payload must be a JSON object")
    issue_id, month = _required(payload, "shared_issue_id"), _required(payload, "month")
    try:
        first_day = date.fromisoformat(month[:7] + "-01")
    except ValueError:
        raise PayloadError(f"'month' is not YYYY-MM: {month!r}") from None
    groups = payload.get("working_group_ids") or []
    try:
        group_ids = sorted({int(g) for g in groups})
    except (TypeError, ValueError):
        raise PayloadError(f"'working_group_ids' must be whole numbers: {groups!r}") from None
    provider, service_type = _optional(payload, "provider"), _optional(payload, "service_type")
    return SearchDocument(
        doc_id=shared_issue_doc_id(payload),
        kind="shared_issue",
        title=_required(payload, "title"),
        url=_optional(payload, "url") or f"/shared-issues/{issue_id}",
        published_on=first_day,
        summary=_text(payload, "summary"),
        network=_optional(payload, "network"),
        network_name=_optional(payload, "network_name") or _optional(payload, "network"),
        region=_region(payload),
        providers=[provider] if provider else [],
        service_types=[service_type] if service_type else [],
        pathway=_optional(payload, "pathway"),
        stage=_optional(payload, "stage"),
        theme=_optional(payload, "theme"),
        working_group_ids=group_ids,
        counts={"feedback_count": _count(payload, "feedback_count"), "people_count": _count(payload, "people_count")},
    )


# event type -> (its document's id, its document, or None when the event removes it)
DOCUMENT_EVENTS = {
    "report.published": (report_doc_id, report_document),
    "report.unpublished": (report_doc_id, None),
    "shared_issue.shared": (shared_issue_doc_id, shared_issue_document),
    "shared_issue.withdrawn": (shared_issue_doc_id, None),
}


def document_change(event_type: str, payload: dict) -> tuple[str, SearchDocument | None]:
    """What one search event does to the index: (doc_id, the document, or None to remove it)."""
    doc_id, build = DOCUMENT_EVENTS[event_type]
    return doc_id(payload), build(payload) if build else None
