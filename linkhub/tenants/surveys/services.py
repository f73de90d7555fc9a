"""Changes to surveys and their responses (the only code that writes them). Callers commit once.

A response is written with its answers, its equality counts, and one piece of feedback in the
network's intake (channel "survey", through the feedback domain's service, so it is counted,
grouped into issues and checked against trigger points like any other), all in one transaction:
a refusal anywhere leaves nothing half-written.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from linkhub.federation import public as federation
from linkhub.platform import audit, clock
from linkhub.platform.db import db, find_by_id, utcnow
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import current_network_id
from linkhub.tenants.common.services import require_text
from linkhub.tenants.directory.models import Service
from linkhub.tenants.feedback import services as feedback
from linkhub.tenants.feedback.models import MAX_TEXT, THEMES, new_reference

from . import answers as reading
from .models import (
    ANSWERED,
    LAYOUTS,
    REPEATS,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    QUESTION_KINDS,
    RESPONSE_CHANNELS,
    Survey,
    SurveyAnswer,
    SurveyCount,
    SurveyEqualityCount,
    SurveyQuestion,
    SurveyResponse,
)


def _survey_fields(title, description, layout, closes_on, theme, service_id) -> dict:
    title = require_text(title, "Enter the survey's title", "title")
    if len(title) > 200:
        raise ServiceError("The title must be 200 characters or fewer", field="title")
    if layout not in LAYOUTS:
        raise ServiceError("Choose one question a page or all on one page", field="layout")
    if theme not in THEMES:
        raise ServiceError("Choose what the survey is mostly about", field="theme")
    if closes_on is not None and closes_on < clock.today():
        raise ServiceError("The closing date must be today or later", field="closes_on")
    if service_id and find_by_id(Service, service_id) is None:
        raise ServiceError("Choose a service from this network's directory", field="service_id")
    return dict(
        title=title,
        description=(description or "").strip()[:5000],
        layout=layout,
        closes_on=closes_on,
        theme=theme,
        service_id=service_id or None,
    )


def create_survey(
    *,
    title: str,
    description: str = "",
    layout: str = "one_per_page",
    closes_on: date | None = None,
    equality_section: bool = False,
    theme: str = "other",
    service_id: int | None = None,
    questions: list[dict] | None = None,
) -> Survey:
    survey = Survey(
        equality_section=bool(equality_section),
        status="draft",
        **_survey_fields(title, description, layout, closes_on, theme, service_id),
    )
    db.session.add(survey)
    db.session.flush()
    audit.record("survey.created", "survey", survey.id, title=survey.title)
    for position, spec in enumerate(questions or [], start=1):
        try:
            add_question(survey, **spec)
        except ServiceError as exc:
            exc.message = f"Question {position}: {exc.message}"
            exc.field = "questions"
            raise
    return survey


def update_survey(
    survey: Survey,
    *,
    title: str,
    description: str = "",
    layout: str = "one_per_page",
    closes_on: date | None = None,
    equality_section: bool = False,
    theme: str = "other",
    service_id: int | None = None,
) -> Survey:
    fields = _survey_fields(title, description, layout, closes_on, theme, service_id)
    for key, value in fields.items():
        setattr(survey, key, value)
    survey.equality_section = bool(equality_section)
    audit.record("survey.updated", "survey", survey.id)
    return survey


def _options(kind: str, options) -> list[str]:
    if kind not in ("radios", "checkboxes"):
        return []
    if isinstance(options, str):
        options = options.splitlines()
    cleaned = [str(o).strip()[:200] for o in (options or []) if str(o).strip()]
    if len(cleaned) < 2:
        raise ServiceError("Give at least two answers to choose from, one a line", field="options")
    if len(cleaned) > MAX_OPTIONS:
        raise ServiceError(f"Give at most {MAX_OPTIONS} answers to choose from", field="options")
    if len(set(cleaned)) != len(cleaned):
        raise ServiceError("Each answer to choose from must be different", field="options")
    return cleaned


def add_question(
    survey: Survey,
    *,
    kind: str,
    title: str,
    hint: str = "",
    required: bool = False,
    options=None,
    scale_max: int | None = 5,
) -> SurveyQuestion:
    if survey.status != "draft":
        raise ServiceError("Questions can only change while the survey is a draft", status=409)
    if kind not in QUESTION_KINDS:
        raise ServiceError("Choose the type of question", field="kind")
    title = require_text(title, "Enter the question", "title")
    if len(title) > 300:
        raise ServiceError("The question must be 300 characters or fewer", field="title")
    scale_max = int(scale_max or 5)
    if kind == "scale" and not 2 <= scale_max <= 10:
        raise ServiceError("A scale goes from 1 to a number from 2 to 10", field="scale_max")
    if len(survey.questions) >= MAX_QUESTIONS:
        raise ServiceError(f"A survey has at most {MAX_QUESTIONS} questions", status=409)
    question = SurveyQuestion(
        survey_id=survey.id,
        position=len(survey.questions) + 1,
        kind=kind,
        title=title,
        hint=(hint or "").strip()[:1000],
        required=bool(required),
        options=_options(kind, options),
        scale_max=scale_max if kind == "scale" else 5,
    )
    db.session.add(question)
    db.session.flush()
    db.session.expire(survey, ["questions"])
    audit.record("survey.question_added", "survey", survey.id, question_id=question.id, kind=kind)
    return question


def remove_question(survey: Survey, question: SurveyQuestion) -> Survey:
    if survey.status != "draft":
        raise ServiceError("Questions can only change while the survey is a draft", status=409)
    if question.survey_id != survey.id:
        raise ServiceError("Not found", status=404)
    later = [q for q in survey.questions if q.position > question.position]
    db.session.delete(question)
    db.session.flush()
    for q in later:  # close the gap, in order, so (survey, position) stays unique at each step
        q.position -= 1
        db.session.flush()
    db.session.expire(survey, ["questions"])
    audit.record("survey.question_removed", "survey", survey.id, question_id=question.id)
    return survey


def open_survey(survey: Survey) -> Survey:
    if survey.status == "open":
        raise ServiceError("The survey is already open", status=409)
    if not survey.questions:
        raise ServiceError("Add at least one question before opening the survey", status=409)
    if survey.closes_on is not None and survey.closes_on < clock.today():
        raise ServiceError("The closing date has passed: change it before opening the survey", status=409)
    survey.status, survey.closed_at = "open", None
    audit.record("survey.opened", "survey", survey.id)
    return survey


def close_survey(survey: Survey) -> Survey:
    if survey.status != "open":
        raise ServiceError("Only an open survey can be closed", status=409)
    survey.status, survey.closed_at = "closed", utcnow()
    audit.record("survey.closed", "survey", survey.id)
    return survey


def closed_message(survey: Survey) -> str:
    if survey.status == "draft":
        return "This survey is not open yet."
    when = survey.closes_on if survey.status != "closed" else (survey.closed_at.date() if survey.closed_at else None)
    return f"This survey closed on {when:%-d %B %Y}." if when else "This survey has closed."


def check_accepting(survey: Survey, channel: str) -> None:
    """The public link takes answers while open and before the closing date (410 after); staff
    may still enter paper and phone answers that arrived in time, until the survey is closed."""
    if survey.status == "draft":
        raise ServiceError(closed_message(survey), status=404 if channel == "web" else 409)
    if channel == "web" and survey.is_closed(clock.today()):
        raise ServiceError(closed_message(survey), status=410)
    if channel != "web" and survey.status == "closed":
        raise ServiceError(closed_message(survey), status=410)


def _feedback_text(survey: Survey, rows: dict[int, list[dict]]) -> str:
    lines = [f"Survey: {survey.title}"]
    for question in survey.questions:
        found = rows.get(question.id)
        if found:
            lines.append(f"{question.title}: {'; '.join(reading.label(question, r) for r in found)}")
    text = "\n".join(lines)
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def submit(
    survey: Survey,
    raw: dict,
    *,
    equality: dict | None = None,
    channel: str = "web",
    repeat: bool = False,
    entered_by=None,
) -> SurveyResponse:
    """Record one response. ``raw`` maps ``q<id>`` (or the question id) to the raw answer.
    The first wrong answer raises ServiceError on its field (the pages show them all first)."""
    if channel not in RESPONSE_CHANNELS:
        raise ServiceError("Choose how the answers were given", field="channel")
    check_accepting(survey, channel)
    rows, errors = reading.check(survey.questions, raw or {})
    if errors:
        field, message = next(iter(errors.items()))
        raise ServiceError(message, field=field)
    if not rows:
        raise ServiceError("Answer at least one question", field=survey.questions[0].field)
    equality_answers = {}
    if equality:
        if not survey.equality_section:
            raise ServiceError("This survey has no equality questions", field="equality")
        equality_answers, problems = reading.check_equality(equality)
        if problems:
            field, message = next(iter(problems.items()))
            raise ServiceError(message, field=field)
    item = feedback.record_feedback(
        channel="survey",
        what_happened=_feedback_text(survey, rows),
        theme=survey.theme,
        service_id=survey.service_id,
        service_text="" if survey.service_id else survey.title,
        entered_by=entered_by,
    )
    response = SurveyResponse(
        survey_id=survey.id,
        reference=new_reference(),
        channel=channel,
        repeat=bool(repeat),
        feedback_reference=item.reference,
        entered_by_id=getattr(entered_by, "id", None),
    )
    db.session.add(response)
    db.session.flush()
    network_id = current_network_id()
    db.session.execute(
        insert(SurveyAnswer),
        [
            {
                "network_id": network_id,
                "survey_id": survey.id,
                "response_id": response.id,
                "question_id": question_id,
                "choice": row.get("choice"),
                "text": row.get("text"),
                "day": row.get("day"),
            }
            for question_id, found in _with_markers(survey, rows).items()
            for row in found
        ],
    )
    _add_counts(survey.id, _increments(survey, rows, channel, bool(repeat)))
    _count_equality(survey, equality_answers)
    audit.record(
        "survey.response_received",
        "survey",
        survey.id,
        reference=response.reference,
        channel=channel,
        repeat=bool(repeat),
        feedback=item.reference,
    )
    if survey.joint_ref:
        keyed = {q.id: q.joint_key for q in survey.questions if q.joint_key}
        emit(
            "federation.joint_survey_response",
            {
                "joint_ref": survey.joint_ref,
                "answers": {
                    keyed[qid]: [r["choice"] for r in found]
                    for qid, found in rows.items()
                    if qid in keyed and found[0].get("choice") is not None
                },
            },
        )
    return response


def _increments(survey: Survey, rows: dict[int, list[dict]], channel: str, repeat: bool) -> Counter:
    """What one response adds to the survey's counts (keys as SurveyCount describes)."""
    step: Counter = Counter({(0, list(RESPONSE_CHANNELS).index(channel), ""): 1})
    if repeat:
        step[(0, REPEATS, "")] += 1
    for question in survey.questions:
        found = rows.get(question.id)
        if not found:
            continue
        step[(question.id, ANSWERED, "")] += 1
        for row in found:
            if row.get("choice") is not None:
                step[(question.id, row["choice"], "")] += 1
            elif row.get("day") is not None:
                step[(question.id, 0, f"{row['day']:%Y-%m}")] += 1
    return step


def _add_counts(survey_id: int, increments: Counter) -> None:
    """Add to the running counts in one statement (insert, or add on conflict). Keys go in
    sorted order, so two responses at once lock the same rows in the same order (no deadlock)."""
    if not increments:
        return
    dialect = db.session.get_bind().dialect.name
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    network_id = current_network_id()
    table = SurveyCount.__table__
    stmt = upsert(table).values(
        [
            {"network_id": network_id, "survey_id": survey_id, "question_id": q, "choice": c, "month": m, "count": n}
            for (q, c, m), n in sorted(increments.items())
        ]
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["network_id", "survey_id", "question_id", "choice", "month"],
        set_={"count": table.c.count + stmt.excluded["count"]},
    )
    db.session.execute(stmt)


def recount(survey: Survey) -> Counter:
    """Rebuild the survey's counts from its responses and answers (after a bulk load or a repair;
    the tests check that it agrees with the counts kept response by response)."""
    kinds = {q.id: q.kind for q in survey.questions}
    counts: Counter = Counter()
    for channel, repeat, n in db.session.execute(
        select(SurveyResponse.channel, SurveyResponse.repeat, func.count())
        .where(SurveyResponse.survey_id == survey.id)
        .group_by(SurveyResponse.channel, SurveyResponse.repeat)
    ):
        counts[(0, list(RESPONSE_CHANNELS).index(channel), "")] += n
        if repeat:
            counts[(0, REPEATS, "")] += n
    for qid, choice, day, n in db.session.execute(
        select(SurveyAnswer.question_id, SurveyAnswer.choice, SurveyAnswer.day, func.count())
        .where(SurveyAnswer.survey_id == survey.id)
        .group_by(SurveyAnswer.question_id, SurveyAnswer.choice, SurveyAnswer.day)
    ):
        kind = kinds.get(qid)
        if kind in ("radios", "scale"):
            counts[(qid, choice, "")] += n
            counts[(qid, ANSWERED, "")] += n
        elif kind == "checkboxes":
            counts[(qid, choice, "")] += n  # the marker rows are the ANSWERED count
        elif kind == "date" and day is not None:
            counts[(qid, 0, f"{day:%Y-%m}")] += n
            counts[(qid, ANSWERED, "")] += n
        elif kind == "text":
            counts[(qid, ANSWERED, "")] += n
    db.session.execute(delete(SurveyCount).where(SurveyCount.survey_id == survey.id))
    _add_counts(survey.id, counts)
    audit.record("survey.recounted", "survey", survey.id)
    return counts


def _with_markers(survey: Survey, rows: dict[int, list[dict]]) -> dict[int, list[dict]]:
    """The rows to store: a checkbox answer gets its "answered" marker row too."""
    checkboxes = {q.id for q in survey.questions if q.kind == "checkboxes"}
    return {qid: found + ([{"choice": ANSWERED}] if qid in checkboxes else []) for qid, found in rows.items()}


def _count_equality(survey: Survey, answers: dict[str, str]) -> None:
    """Add one to each answer's count (no row per person: see SurveyEqualityCount)."""
    for question, answer in answers.items():
        changed = db.session.execute(
            update(SurveyEqualityCount)
            .where(
                SurveyEqualityCount.survey_id == survey.id,
                SurveyEqualityCount.question == question,
                SurveyEqualityCount.answer == answer,
            )
            .values(count=SurveyEqualityCount.count + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
        if not changed:
            db.session.add(SurveyEqualityCount(survey_id=survey.id, question=question, answer=answer, count=1))
            db.session.flush()


# --- joint surveys -----------------------------------------------------------------------------


def _joint_spec(survey: Survey) -> list[dict]:
    return [
        {
            "key": f"q{q.position}",
            "kind": q.kind,
            "title": q.title,
            "hint": q.hint,
            "required": q.required,
            "options": list(q.options or []),
            "scale_max": q.scale_max,
        }
        for q in survey.questions
    ]


def run_jointly(survey: Survey, *, working_group_id: int) -> Survey:
    """Run this survey in every network of a working group: the federation registers it (the
    network must have accepted the group's agreement), and each other member network gets its
    own copy with its own public link (``survey.joint_copy``, handled in that network's scope)."""
    if survey.joint_ref:
        raise ServiceError("This survey is already run jointly", status=409)
    if survey.status == "closed":
        raise ServiceError("A closed survey cannot be run jointly", status=409)
    if not survey.questions:
        raise ServiceError("Add the questions before running the survey jointly", status=409)
    network_id = current_network_id()
    spec = _joint_spec(survey)
    joint = federation.start_joint_survey(
        group_id=working_group_id, network_id=network_id, title=survey.title, questions=spec
    )
    survey.joint_ref = joint.ref
    for question, item in zip(survey.questions, spec):
        question.joint_key = item["key"]
    copy = {
        "joint_ref": joint.ref,
        "title": survey.title,
        "description": survey.description,
        "layout": survey.layout,
        "closes_on": survey.closes_on.isoformat() if survey.closes_on else None,
        "equality_section": survey.equality_section,
        "questions": spec,
    }
    for member in sorted(joint.working_group.member_network_ids - {network_id}):
        emit("survey.joint_copy", copy, network_id=member)
    audit.record("survey.run_jointly", "survey", survey.id, joint_ref=joint.ref, working_group_id=working_group_id)
    return survey


def make_joint_copy(payload: dict) -> Survey | None:
    """The handler's work, in the receiving network's scope: its copy of a joint survey, open
    for answers unless its closing date has passed. Once only (a redelivery finds the copy)."""
    ref = str(payload.get("joint_ref") or "")
    if not ref or db.session.scalar(select(Survey.id).where(Survey.joint_ref == ref)) is not None:
        return None
    closes_on = date.fromisoformat(payload["closes_on"]) if payload.get("closes_on") else None
    survey = Survey(
        title=str(payload.get("title") or "Joint survey")[:200],
        description=str(payload.get("description") or ""),
        layout=payload.get("layout") if payload.get("layout") in LAYOUTS else "one_per_page",
        closes_on=closes_on,
        equality_section=bool(payload.get("equality_section")),
        theme="other",
        joint_ref=ref,
        status="open" if closes_on is None or closes_on >= clock.today() else "draft",
    )
    db.session.add(survey)
    db.session.flush()
    for position, spec in enumerate(payload.get("questions") or [], start=1):
        db.session.add(
            SurveyQuestion(
                survey_id=survey.id,
                position=position,
                kind=spec["kind"],
                title=spec["title"],
                hint=spec.get("hint") or "",
                required=bool(spec.get("required")),
                options=list(spec.get("options") or []),
                scale_max=int(spec.get("scale_max") or 5),
                joint_key=spec["key"],
            )
        )
    db.session.flush()
    audit.record("survey.joint_copy_received", "survey", survey.id, joint_ref=ref, title=survey.title)
    return survey
