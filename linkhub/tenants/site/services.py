"""The public site's changes of state: the profile, news posts (draft, publish, withdraw) and
events. Staff only (the views and API check roles); every change is audited."""

from __future__ import annotations

from datetime import datetime, timezone

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from linkhub.platform import audit
from linkhub.platform.db import db, utcnow
from linkhub.platform.services import ServiceError
from linkhub.tenants.common.services import require_text

from .models import NewsPost, SiteEvent, SiteProfile

PROFILE_FIELDS = (
    "about",
    "host_about",
    "get_involved",
    "contact_email",
    "contact_phone",
    "contact_text_phone",
    "contact_address",
    "opening_hours",
    "other_formats",
)
EVENT_KINDS = ("meeting", "event")


def as_utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def profile() -> SiteProfile | None:
    return db.session.scalar(select(SiteProfile))


def save_profile(**values) -> SiteProfile:
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ServiceError(f"Unknown field {sorted(unknown)[0]}", field=sorted(unknown)[0])
    email = (values.get("contact_email") or "").strip()
    if email:
        try:
            values["contact_email"] = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError:
            raise ServiceError(
                "Enter an email address in the correct format, like name@example.com", field="contact_email"
            )
    found = profile()
    if found is None:
        found = SiteProfile(**{f: "" for f in PROFILE_FIELDS})
        db.session.add(found)
    for field, value in values.items():
        setattr(found, field, (value or "").strip())
    found.updated_at = utcnow()
    db.session.flush()
    audit.record("site.profile_changed", "site_profile", found.id, fields=sorted(values))
    return found


def add_news(*, title: str, body: str, summary: str = "") -> NewsPost:
    post = NewsPost(
        title=require_text(title, "Enter a title", "title")[:200],
        body=require_text(body, "Write the news post", "body"),
        summary=(summary or "").strip()[:400],
        status="draft",
    )
    db.session.add(post)
    db.session.flush()
    audit.record("news.drafted", "news_post", post.id, title=post.title)
    return post


def update_news(post: NewsPost, *, title: str, body: str, summary: str = "") -> NewsPost:
    post.title = require_text(title, "Enter a title", "title")[:200]
    post.body = require_text(body, "Write the news post", "body")
    post.summary = (summary or "").strip()[:400]
    post.updated_at = utcnow()
    audit.record("news.changed", "news_post", post.id)
    return post


def publish_news(post: NewsPost) -> NewsPost:
    if post.status == "published":
        raise ServiceError("This news post is already published", status=409)
    post.status, post.published_at = "published", post.published_at or utcnow()
    audit.record("news.published", "news_post", post.id, title=post.title)
    return post


def withdraw_news(post: NewsPost) -> NewsPost:
    if post.status != "published":
        raise ServiceError("This news post is not published", status=409)
    post.status = "draft"
    audit.record("news.withdrawn", "news_post", post.id)
    return post


def _event_values(title: str, starts_at: datetime | None, kind: str) -> tuple[str, datetime, str]:
    title = require_text(title, "Enter the event's name", "title")[:200]
    if starts_at is None:
        raise ServiceError("Enter the date and time it starts", field="starts_at")
    if kind not in EVENT_KINDS:
        raise ServiceError("Choose what kind of event it is", field="kind")
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=utcnow().tzinfo)
    return title, starts_at, kind


def add_event(
    *,
    title: str,
    starts_at: datetime | None,
    kind: str = "meeting",
    place: str = "",
    description: str = "",
    is_public: bool = True,
) -> SiteEvent:
    title, starts_at, kind = _event_values(title, starts_at, kind)
    event = SiteEvent(
        title=title,
        starts_at=starts_at,
        kind=kind,
        place=(place or "").strip()[:300],
        description=(description or "").strip(),
        is_public=bool(is_public),
    )
    db.session.add(event)
    db.session.flush()
    audit.record("site_event.added", "site_event", event.id, title=title)
    return event


def update_event(
    event: SiteEvent,
    *,
    title: str,
    starts_at: datetime | None,
    kind: str = "meeting",
    place: str = "",
    description: str = "",
    is_public: bool = True,
) -> SiteEvent:
    event.title, event.starts_at, event.kind = _event_values(title, starts_at, kind)
    event.place, event.description, event.is_public = (
        (place or "").strip()[:300],
        (description or "").strip(),
        bool(is_public),
    )
    audit.record("site_event.changed", "site_event", event.id)
    return event


def remove_event(event: SiteEvent) -> None:
    audit.record("site_event.removed", "site_event", event.id, title=event.title)
    db.session.delete(event)
