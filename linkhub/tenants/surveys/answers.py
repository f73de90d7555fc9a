"""Reading answers (read-only: no state changes here): what a person sent for each question,
checked against the question, with one message per question that is wrong, so a page shows
every problem in its error summary and the API names every field.

A raw answer is what arrived: text; the option's text for radios (or its position, from the
API); a list of option texts for checkboxes; the number for a scale; ``YYYY-MM-DD`` or
``{"day", "month", "year"}`` for a date. An empty answer to an optional question is skipped.
"""

from __future__ import annotations

from datetime import date

from .models import EQUALITY_QUESTIONS, MAX_ANSWER, PREFER_NOT, SurveyQuestion


def _empty(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, (list, tuple)):
        return not [r for r in raw if not _empty(r)]
    if isinstance(raw, dict):
        return all(_empty(v) for v in raw.values())
    return False


def _option(question: SurveyQuestion, raw) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw if 0 <= raw < len(question.options) else None
    text = str(raw).strip()
    return question.options.index(text) if text in question.options else None


def _day(raw) -> date | None:
    try:
        if isinstance(raw, dict):
            return date(
                int(str(raw.get("year")).strip()), int(str(raw.get("month")).strip()), int(str(raw.get("day")).strip())
            )
        return date.fromisoformat(str(raw).strip())
    except (TypeError, ValueError):
        return None


def parse(question: SurveyQuestion, raw) -> tuple[list[dict], str | None]:
    """([answer rows as dicts of choice/text/day], error message or None)."""
    if _empty(raw):
        if question.required:
            verb = "Enter" if question.kind in ("text", "date") else "Choose"
            return [], f"{verb} an answer to: {question.title}"
        return [], None
    if question.kind == "text":
        if not isinstance(raw, str):
            return [], f"Enter text as the answer to: {question.title}"
        text = raw.strip()
        if len(text) > MAX_ANSWER:
            return [], f"The answer to “{question.title}” must be {MAX_ANSWER:,} characters or fewer"
        return [{"text": text}], None
    if question.kind == "radios":
        if isinstance(raw, (list, tuple)):
            raw = raw[0] if len(raw) == 1 else None
        index = _option(question, raw)
        if index is None:
            return [], f"Choose one of the answers to: {question.title}"
        return [{"choice": index}], None
    if question.kind == "checkboxes":
        values = raw if isinstance(raw, (list, tuple)) else [raw]
        indexes = [_option(question, v) for v in values if not _empty(v)]
        if any(i is None for i in indexes):
            return [], f"Choose from the answers given to: {question.title}"
        return [{"choice": i} for i in sorted(set(indexes))], None
    if question.kind == "scale":
        try:
            number = int(str(raw).strip()) if not isinstance(raw, bool) else None
        except ValueError:
            number = None
        if number is None or not 1 <= number <= question.scale_max:
            return [], f"Choose a number from 1 to {question.scale_max} for: {question.title}"
        return [{"choice": number}], None
    if question.kind == "date":
        day = _day(raw)
        if day is None or day.year < 1900:
            return [], f"Enter a real date for: {question.title}"
        return [{"day": day}], None
    return [], f"Unknown question type: {question.kind}"


def check(questions: list[SurveyQuestion], raw: dict) -> tuple[dict[int, list[dict]], dict[str, str]]:
    """Every question's rows, and every error by field name (``q<id>``)."""
    rows, errors = {}, {}
    for question in questions:
        found, error = parse(question, raw.get(question.field, raw.get(str(question.id))))
        if error:
            errors[question.field] = error
        elif found:
            rows[question.id] = found
    return rows, errors


def check_equality(raw: dict | None) -> tuple[dict[str, str], dict[str, str]]:
    """The equality section's answers (all optional), and errors by field name (``eq_<key>``)."""
    answers, errors = {}, {}
    for key, (label, options) in EQUALITY_QUESTIONS.items():
        value = ((raw or {}).get(key) or "").strip() if isinstance((raw or {}).get(key) or "", str) else None
        if value is None or (value and value not in options and value != PREFER_NOT):
            errors[f"eq_{key}"] = f"Choose one of the answers to: {label}"
        elif value:
            answers[key] = value
    unknown = set(raw or {}) - set(EQUALITY_QUESTIONS)
    if unknown:
        errors["equality"] = f"Unknown equality question: {', '.join(sorted(unknown))}"
    return answers, errors


def label(question: SurveyQuestion, row: dict) -> str:
    """How one stored answer reads (the feedback text, the CSV)."""
    if row.get("text") is not None:
        return row["text"]
    if row.get("day") is not None:
        return f"{row['day']:%-d %B %Y}"
    if question.kind == "scale":
        return f"{row['choice']} out of {question.scale_max}"
    return question.options[row["choice"]]
