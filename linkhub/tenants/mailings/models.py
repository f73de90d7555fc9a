"""Who gets which e-mail, and what was sent: per-person preferences, newsletters, digests.

Decisions:
- **Preferences per person** (``mail_preferences``), one row per address in a network (stored
  lower-case): ``newsletter`` is opt-in only, and counts only once the address confirmed it
  (``newsletter_confirmed_at``, a link e-mailed on sign-up: nobody can sign someone else up);
  ``digest`` (the weekly digest to members and staff) is on unless the person turns it off.
  A person without a row has the defaults (no newsletter; digest if they are a member).
- **Unsubscribing** needs no account: every digest and newsletter carries a signed link
  (``List-Unsubscribe`` and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``, RFC 8058),
  which names the network, the address and the list, and never expires.
- A **newsletter** is written in Markdown (rendered safely, previewed), then sent once to every
  confirmed subscriber, one e-mail each (each has its own unsubscribe link).
- A **digest run** row per network and ISO week makes the weekly digest go out once, however
  often or on however many workers the job runs.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin

LISTS = {"newsletter": "the newsletter", "digest": "the weekly digest"}


class MailPreference(TenantMixin, db.Model):
    __tablename__ = "mail_preferences"
    __table_args__ = (UniqueConstraint("network_id", "email"), UniqueConstraint("network_id", "id"))
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200), default="")
    newsletter: Mapped[bool] = mapped_column(Boolean, default=False)
    newsletter_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    digest: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(40), default="")  # how they joined the list
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def subscribed(self) -> bool:
        return self.newsletter and self.newsletter_confirmed_at is not None


class Newsletter(TenantMixin, db.Model):
    __tablename__ = "newsletters"
    __table_args__ = (UniqueConstraint("network_id", "id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)  # Markdown
    status: Mapped[str] = mapped_column(String(10), default="draft")  # draft, sent
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DigestRun(TenantMixin, db.Model):
    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("network_id", "week"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    week: Mapped[str] = mapped_column(String(10))  # ISO week, e.g. 2026-W49
    recipients: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
