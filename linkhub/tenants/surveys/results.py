"""A survey's results inside its own network (read-only): every count from one grouped query
over ``ix_survey_answers_counts``, dates folded into months, the latest text answers, and the
equality section through the disclosure control. Shown as charts with tables, CSV and JSON.
"""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select

from linkhub.platform import disclosure
from linkhub.platform.db import db
from linkhub.platform.spreadsheet import safe_cell

from .models import (
    ANSWERED,
    EQUALITY_QUESTIONS,
    PREFER_NOT,
    REPEATS,
    RESPONSE_CHANNELS,
    Survey,
    SurveyAnswer,
    SurveyCount,
    SurveyEqualityCount,
)

LATEST_TEXTS = 20
EQUALITY_THRESHOLD = 5  # equality figures: the federation's rule, even inside the network


@dataclass
class QuestionResult:
    question: object
    answered: int = 0
    rows: list[tuple[str, int]] = field(default_factory=list)  # (answer, count)
    texts: list[str] = field(default_factory=list)

    def percent(self, count: int) -> str:
        return f"{round(100 * count / self.answered)}%" if self.answered else "0%"


@dataclass
class Results:
    survey: Survey
    responses: int
    repeats: int
    by_channel: dict[str, int]
    questions: list[QuestionResult]


def stored_counts(survey_id: int) -> dict[tuple[int, int, str], int]:
    """The survey's running counts (``SurveyCount``): a few hundred rows at most."""
    rows = db.session.execute(
        select(SurveyCount.question_id, SurveyCount.choice, SurveyCount.month, SurveyCount.count).where(
            SurveyCount.survey_id == survey_id
        )
    ).all()
    return {(qid, choice, month): n for qid, choice, month, n in rows}


def build(survey: Survey) -> Results:
    counted = stored_counts(survey.id)
    channels = {
        key: counted.get((0, position, ""), 0)
        for position, key in enumerate(RESPONSE_CHANNELS)
        if counted.get((0, position, ""), 0)
    }
    results = []
    for question in survey.questions:
        result = QuestionResult(question, answered=counted.get((question.id, ANSWERED, ""), 0))
        if question.kind in ("radios", "checkboxes", "scale"):
            result.rows = [(text, counted.get((question.id, value, ""), 0)) for value, text in question.choice_labels()]
        elif question.kind == "date":
            months = sorted((month, n) for (qid, _, month), n in counted.items() if qid == question.id and month)
            result.rows = [(f"{calendar.month_name[int(m[5:])]} {m[:4]}", n) for m, n in months]
        elif result.answered:
            result.texts = list(
                db.session.scalars(  # newest first, backwards along ix_survey_answers_latest
                    select(SurveyAnswer.text)
                    .where(SurveyAnswer.question_id == question.id)
                    .order_by(SurveyAnswer.id.desc())
                    .limit(LATEST_TEXTS)
                )
            )
        results.append(result)
    return Results(survey, sum(channels.values()), counted.get((0, REPEATS, ""), 0), channels, results)


def equality(survey: Survey) -> list[tuple[str, list[tuple[str, disclosure.Figure]]]]:
    """The equality section's counts, each question a table through the disclosure control."""
    stored = {
        (row.question, row.answer): row.count
        for row in db.session.scalars(select(SurveyEqualityCount).where(SurveyEqualityCount.survey_id == survey.id))
    }
    tables = []
    for key, (label, options) in EQUALITY_QUESTIONS.items():
        cells = {answer: stored.get((key, answer), 0) for answer in options + [PREFER_NOT]}
        hidden = disclosure.secondary(cells, set(), EQUALITY_THRESHOLD)
        tables.append(
            (
                label,
                [(a, disclosure.publish(n, EQUALITY_THRESHOLD, a in hidden)) for a, n in cells.items()],
            )
        )
    return tables


def to_csv(results: Results) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["question", "answer", "count", "percent of those who answered"])
    for result in results.questions:
        for text, count in result.rows:
            writer.writerow([safe_cell(result.question.title), safe_cell(text), count, result.percent(count)])
        if result.question.kind == "text":
            writer.writerow([safe_cell(result.question.title), "(text answers)", result.answered, ""])
    writer.writerow(["All questions", "responses", results.responses, ""])
    return out.getvalue()


def to_json(results: Results) -> dict:
    return {
        "survey_id": results.survey.id,
        "responses": results.responses,
        "repeat_responses": results.repeats,
        "by_channel": results.by_channel,
        "questions": [
            {
                "question_id": r.question.id,
                "title": r.question.title,
                "kind": r.question.kind,
                "answered": r.answered,
                "answers": [{"answer": text, "count": n} for text, n in r.rows],
                "latest_texts": r.texts,
            }
            for r in results.questions
        ],
    }
