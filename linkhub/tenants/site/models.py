"""Each network's public site: its profile (about the LINk and its host, how to get involved,
contact details, how to ask for other formats), news posts and public events.

Decisions:
- One **profile** per network, edited by staff in Markdown (rendered safely by
  :mod:`linkhub.platform.markdown`, previewed before saving). Empty sections are left out.
- **News posts** are drafts until published; only published ones are public. The body is
  Markdown; its summary is plain text (lists, e-mails).
- **Events** (public meetings, drop-ins, board meetings held in public) are shown while upcoming;
  ``is_public`` false keeps an internal one off the site.
- The work programme, published reports and "you said, we did" come from their own domains,
  read-only: nothing is copied.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Boolean, DateTime, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin


class SiteProfile(TenantMixin, db.Model):
    __tablename__ = "site_profiles"
    __table_args__ = (UniqueConstraint("network_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    about: Mapped[str] = mapped_column(Text, default="")  # Markdown
    host_about: Mapped[str] = mapped_column(Text, default="")  # Markdown
    get_involved: Mapped[str] = mapped_column(Text, default="")  # Markdown
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_text_phone: Mapped[str] = mapped_column(String(40), default="")  # textphone / Relay UK
    contact_address: Mapped[str] = mapped_column(Text, default="")
    opening_hours: Mapped[str] = mapped_column(String(200), default="")
    other_formats: Mapped[str] = mapped_column(Text, default="")  # extra words on other formats
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NewsPost(TenantMixin, db.Model):
    __tablename__ = "news_posts"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        Index("ix_news_posts_network_published", "network_id", "published_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(400), default="")
    body: Mapped[str] = mapped_column(Text)  # Markdown
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft, published
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SiteEvent(TenantMixin, db.Model):
    __tablename__ = "site_events"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        Index("ix_site_events_network_starts", "network_id", "starts_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20), default="meeting")  # meeting, event
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")  # plain text
    is_public: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def local_start(self) -> datetime:
        """The start in England's time (stored in UTC; SQLite returns it naive)."""
        start = self.starts_at if self.starts_at.tzinfo else self.starts_at.replace(tzinfo=timezone.utc)
        return start.astimezone(ZoneInfo("Europe/London"))

    @property
    def kind_label(self) -> str:
        return {"meeting": "Public meeting", "event": "Event"}.get(self.kind, self.kind)
