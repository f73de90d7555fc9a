"""Equality monitoring, kept apart from what people said, and the local population profile.

Decisions:
- An **equality response** holds a person's answers to the census questions and nothing else:
  no feedback id, no contact, no free text, only the month it was given and where (feedback,
  survey, event). It cannot be joined back to what the person said, and is stored only when the
  person consented to the stated use ("only in totals, to check who we hear from").
- Figures leave this table only as totals through :mod:`linkhub.platform.disclosure`
  (threshold suppression, rounding, secondary suppression), on every page, CSV and API answer.
- The **population profile** is the local population's share of each answer, as the host
  enters it from the census for its local authority, with the source it was taken from.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Float, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import JSON

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin


class EqualityResponse(TenantMixin, db.Model):
    __tablename__ = "equality_responses"
    __table_args__ = (Index("ix_equality_responses_network_month", "network_id", "given_month"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    given_month: Mapped[date] = mapped_column(Date)  # first day of the month: no exact date
    source: Mapped[str] = mapped_column(String(20), default="feedback")  # feedback, survey, event
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # question -> answer code
    consented_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PopulationShare(TenantMixin, db.Model):
    __tablename__ = "population_shares"
    __table_args__ = (UniqueConstraint("network_id", "question", "answer"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(String(30))
    answer: Mapped[str] = mapped_column(String(30))
    percent: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
