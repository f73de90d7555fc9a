"""Equality monitoring's changes of state: a consented response (answers only), and the
population profile the host enters."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete

from linkhub.platform import audit, clock
from linkhub.platform.db import db, utcnow
from linkhub.platform.services import ServiceError

from .categories import QUESTIONS, answers
from .models import EqualityResponse, PopulationShare

SOURCES = ("feedback", "survey", "event")


def clean_answers(raw: dict | None) -> dict[str, str]:
    """Known questions and answers only; blanks dropped. Unknown ones are a field error."""
    found = {}
    for question, answer in (raw or {}).items():
        if answer in (None, ""):
            continue
        if question not in QUESTIONS:
            raise ServiceError(f"Unknown equality monitoring question: {question}", field="equality")
        if answer not in dict(answers(question)):
            raise ServiceError(f"Choose one of the answers to ‘{QUESTIONS[question]['label']}’", field=question)
        found[question] = answer
    return found


def record_response(
    raw: dict | None, *, consent: bool, source: str = "feedback", given_on: date | None = None
) -> EqualityResponse | None:
    """Store the answers apart from anything the person said, only with their consent. Answers
    given without consent are dropped, not stored. Returns the response, or None."""
    found = clean_answers(raw)
    if not found:
        return None
    if not consent:
        raise ServiceError(
            "To use your equality answers, tick the box to agree, or leave the questions empty",
            field="equality_consent",
        )
    if source not in SOURCES:
        raise ServiceError("Unknown source of equality answers", field="source")
    given_on = given_on or clock.today()
    response = EqualityResponse(
        given_month=given_on.replace(day=1), source=source, answers=found, consented_at=utcnow()
    )
    db.session.add(response)
    # No audit row names the response: its id next to a feedback id in the log would link them.
    return response


def set_population(question: str, shares: dict[str, float | None], source: str) -> list[PopulationShare]:
    """Replace the local population's shares for one question (percentages of all residents
    who answered it in the census). Blank answers are left out."""
    if question not in QUESTIONS:
        raise ServiceError("Unknown question", field="question")
    known = dict(QUESTIONS[question]["answers"])
    values = {a: float(v) for a, v in shares.items() if v not in (None, "")}
    for answer, value in values.items():
        if answer not in known:
            raise ServiceError(f"Unknown answer {answer}", field=answer)
        if not 0 <= value <= 100:
            raise ServiceError("Enter a percentage from 0 to 100", field=answer)
    if sum(values.values()) > 100.5:
        raise ServiceError(
            f"The shares add up to {sum(values.values()):.1f}%: they must not exceed 100%", field=next(iter(known))
        )
    source = (source or "").strip()
    if values and not source:
        raise ServiceError(
            "Say where the figures come from, for example ‘Census 2021, ONS, table TS007A’", field="source"
        )
    db.session.execute(delete(PopulationShare).where(PopulationShare.question == question))
    rows = [
        PopulationShare(question=question, answer=a, percent=round(v, 2), source=source[:300], updated_at=utcnow())
        for a, v in values.items()
    ]
    db.session.add_all(rows)
    audit.record("population.profile_changed", "population_profile", question, answers=len(rows))
    return rows
