"""A survey's results inside its own network (read-only): every count from one grouped query
over ``ix_survey_answers_counts``, dates folded into months, the latest text answers, and the
equality section through the disclosure control. Shown as charts with tables, CSV and JSON.
"""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import func, select

from linkhub.platform import disclosure
from linkhub.platform.db import db
from linkhub.platform.spreadsheet import safe_cell

from .models import ANSWERED, EQUALITY_QUESTIONS, PREFER_NOT, Survey, SurveyAnswer, SurveyEqualityCount, SurveyResponse

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


def grouped(survey_id: int, date_questions: list[int]) -> dict[tuple[int, int | None, object], int]:
    """``{(question_id, choice, day): count}`` from the index ``ix_survey_answers_counts`` alone:
    one grouped count of every answer by question and value (text and dates together under
    choice None, checkbox "answered" markers under -1, the same aggregate as a bare
    ``GROUP BY question_id, choice``), and the date questions' answers by day (folded into
    months by the caller), reading only those questions' part of the index."""
    rows = db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.choice, func.count())
        .where(SurveyAnswer.survey_id == survey_id)
        .group_by(SurveyAnswer.question_id, SurveyAnswer.choice)
    ).all()
    found: dict = {(qid, choice, None): n for qid, choice, n in rows}
    if date_questions:
        days = db.session.execute(
            select(SurveyAnswer.question_id, SurveyAnswer.day, func.count())
            .where(SurveyAnswer.survey_id == survey_id, SurveyAnswer.question_id.in_(date_questions))
            .group_by(SurveyAnswer.question_id, SurveyAnswer.day)
        ).all()
        found.update({(qid, None, day): n for qid, day, n in days if day is not None})
    return found


def build(survey: Survey) -> Results:
    counted = grouped(survey.id, [q.id for q in survey.questions if q.kind == "date"])
    by_question: dict[int, dict] = {}
    for (qid, choice, day), n in counted.items():
        by_question.setdefault(qid, {})[(choice, day)] = n
    channels: dict[str, int] = {}
    repeats = 0
    for channel, repeat, n in db.session.execute(
        select(SurveyResponse.channel, SurveyResponse.repeat, func.count())
        .where(SurveyResponse.survey_id == survey.id)
        .group_by(SurveyResponse.channel, SurveyResponse.repeat)
    ):
        channels[channel] = channels.get(channel, 0) + n
        repeats += n if repeat else 0
    results = []
    for question in survey.questions:
        result = QuestionResult(question)
        found = by_question.get(question.id, {})
        if question.kind in ("radios", "checkboxes", "scale"):
            result.rows = [(text, found.get((value, None), 0)) for value, text in question.choice_labels()]
            result.answered = (
                found.get((ANSWERED, None), 0) if question.kind == "checkboxes" else sum(n for _, n in result.rows)
            )
        elif question.kind == "date":
            months: dict[tuple[int, int], int] = {}
            for (_, day), n in found.items():
                if day is not None:
                    months[(day.year, day.month)] = months.get((day.year, day.month), 0) + n
            result.rows = [(f"{calendar.month_name[m]} {y}", months[(y, m)]) for y, m in sorted(months)]
            result.answered = sum(months.values())
        else:
            result.answered = found.get((None, None), 0)
            if result.answered:
                result.texts = list(
                    db.session.scalars(  # newest first, backwards along ix_survey_answers_latest
                        select(SurveyAnswer.text)
                        .where(SurveyAnswer.question_id == question.id)
                        .order_by(SurveyAnswer.id.desc())
                        .limit(LATEST_TEXTS)
                    )
                )
        results.append(result)
    return Results(survey, sum(channels.values()), repeats, channels, results)


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
