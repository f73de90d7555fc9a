"""Surveys: a network's questionnaires, the responses people give (public link, or paper and
phone answers entered by staff) and an optional equality section kept in its own table.

Each response is also one piece of feedback in the network's intake (channel "survey"), written
by the feedback domain's service in the same transaction (see ``services.submit``).

Equality answers are stored apart, and only as counts (``survey_equality_counts``): there is no
row per person to join to what they wrote; they are reported only in aggregate.

A survey run jointly by a working group (``joint_ref``) is one copy per network; each copy's
choice answers are counted into the federation's tallies by an event, so the group's combined
results never read a network's rows.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from linkhub.platform.db import db, utcnow
from linkhub.platform.tenancy import TenantMixin
from linkhub.tenants.common.models import network_fk

QUESTION_KINDS = {
    "text": "Text",
    "radios": "Choose one (radios)",
    "checkboxes": "Choose any (checkboxes)",
    "scale": "Scale (1 to N)",
    "date": "Date",
}
CHOICE_KINDS = ("radios", "checkboxes")
LAYOUTS = {"one_per_page": "One question a page", "all_on_one": "All questions on one page"}
STATUSES = {"draft": "Draft", "open": "Open", "closed": "Closed"}
RESPONSE_CHANNELS = {"web": "Public link", "paper": "Paper form", "phone": "Phone call"}
MAX_ANSWER = 2_000
ANSWERED = -1  # the marker row of an answered checkbox question (see SurveyAnswer), and in SurveyCount
REPEATS = 9  # SurveyCount: responses marked as a repeat from the same browser
MAX_OPTIONS = 20
MAX_QUESTIONS = 50
# Equality section (optional, consented): the same short list as the feedback form.
EQUALITY_QUESTIONS = {
    "age_band": (
        "Age",
        ["Under 18", "18 to 24", "25 to 34", "35 to 44", "45 to 54", "55 to 64", "65 to 74", "75 or over"],
    ),
    "sex": ("Sex", ["Female", "Male"]),
    "disability": ("Do you consider yourself to have a disability?", ["Yes", "No"]),
    "ethnicity": (
        "Ethnic group",
        ["Asian or Asian British", "Black, Black British, Caribbean or African", "Mixed or multiple", "White", "Other"],
    ),
}
PREFER_NOT = "Prefer not to say"


def new_token() -> str:
    """The public link's random part: a survey's id would reveal how many surveys a network runs."""
    return secrets.token_urlsafe(9)


class Survey(TenantMixin, db.Model):
    __tablename__ = "surveys"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "token"),
        network_fk("service_id", "services"),
        Index("ix_surveys_network_joint_ref", "network_id", "joint_ref"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(16), default=new_token)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    layout: Mapped[str] = mapped_column(String(20), default="one_per_page")
    status: Mapped[str] = mapped_column(String(10), default="draft")
    closes_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # open to the end of this day
    equality_section: Mapped[bool] = mapped_column(Boolean, default=False)
    # What each response says in the feedback intake: the service it is about and the theme.
    service_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    theme: Mapped[str] = mapped_column(String(20), default="other")
    joint_ref: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    questions: Mapped[list["SurveyQuestion"]] = relationship(
        viewonly=True,
        lazy="selectin",
        order_by="SurveyQuestion.position",
        foreign_keys="[SurveyQuestion.survey_id, SurveyQuestion.network_id]",
        primaryjoin="and_(SurveyQuestion.survey_id == Survey.id, SurveyQuestion.network_id == Survey.network_id)",
    )

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    def is_closed(self, today: date) -> bool:
        return self.status == "closed" or (self.closes_on is not None and today > self.closes_on)


class SurveyQuestion(TenantMixin, db.Model):
    __tablename__ = "survey_questions"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "survey_id", "position"),
        network_fk("survey_id", "surveys"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(300))
    hint: Mapped[str] = mapped_column(Text, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    options: Mapped[list] = mapped_column(JSON, default=list)  # radios/checkboxes: the choices
    scale_max: Mapped[int] = mapped_column(Integer, default=5)  # scale: 1 .. scale_max
    joint_key: Mapped[str | None] = mapped_column(String(20), nullable=True)

    @property
    def kind_label(self) -> str:
        return QUESTION_KINDS.get(self.kind, self.kind)

    @property
    def field(self) -> str:
        """The form field's name (stable across pages of one survey)."""
        return f"q{self.id}"

    def choice_labels(self) -> list[tuple[int, str]]:
        """(stored value, label) of every answer a choice or scale question counts."""
        if self.kind == "scale":
            return [(n, str(n)) for n in range(1, self.scale_max + 1)]
        return list(enumerate(self.options))


class SurveyResponse(TenantMixin, db.Model):
    __tablename__ = "survey_responses"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "reference"),
        network_fk("survey_id", "surveys"),
        Index("ix_survey_responses_network_survey", "network_id", "survey_id", "submitted_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(12))
    channel: Mapped[str] = mapped_column(String(10), default="web")
    # Marked, never refused: the same browser answered this survey before (a flag in its own
    # session cookie; nothing about the browser is stored).
    repeat: Mapped[bool] = mapped_column(Boolean, default=False)
    feedback_reference: Mapped[str] = mapped_column(String(12), default="")
    entered_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SurveyAnswer(TenantMixin, db.Model):
    """One answer: text in ``text``, a date in ``day``, a radio or each ticked checkbox as the
    option's index in ``choice``, a scale as its number in ``choice``; a checkbox question that
    was answered also has one row with ``choice`` -1 (``ANSWERED``), so how many people answered
    it is counted with the rest. ``survey_id`` is kept so that all of a survey's results are one
    grouped count over one index, read without touching the table (see ``results``)."""

    __tablename__ = "survey_answers"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        network_fk("response_id", "survey_responses"),
        network_fk("question_id", "survey_questions"),
        Index("ix_survey_answers_counts", "network_id", "survey_id", "question_id", "choice", "day"),
        Index("ix_survey_answers_latest", "network_id", "question_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(Integer)
    response_id: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(Integer)
    choice: Mapped[int | None] = mapped_column(SmallInteger, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    day: Mapped[date | None] = mapped_column(Date, nullable=True)


class SurveyCount(TenantMixin, db.Model):
    """Running counts of a survey's answers, kept by ``services.submit`` in the response's
    transaction (``services.recount`` rebuilds them from the answers), so the results page reads
    a few hundred rows whatever the number of responses. Keys: ``question_id`` 0 counts responses
    by channel (``choice`` = position in RESPONSE_CHANNELS) and repeats (``choice`` REPEATS);
    otherwise ``choice`` ANSWERED counts who answered the question, a value counts a radio,
    checkbox or scale answer, and 0 with ``month`` "YYYY-MM" a date answer by month."""

    __tablename__ = "survey_counts"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "survey_id", "question_id", "choice", "month", name="uq_survey_counts_key"),
        network_fk("survey_id", "surveys"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[int] = mapped_column(Integer)
    choice: Mapped[int] = mapped_column(Integer)
    month: Mapped[str] = mapped_column(String(7), default="")
    count: Mapped[int] = mapped_column(Integer, default=0)


class SurveyEqualityCount(TenantMixin, db.Model):
    """The equality section, kept only as counts per survey, question and answer: no row per
    person, so nobody can join someone's equality answers to what they wrote (or to each other)."""

    __tablename__ = "survey_equality_counts"
    __table_args__ = (
        UniqueConstraint("network_id", "id"),
        UniqueConstraint("network_id", "survey_id", "question", "answer"),
        network_fk("survey_id", "surveys"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(String(20))
    answer: Mapped[str] = mapped_column(String(60))
    count: Mapped[int] = mapped_column(Integer, default=0)
