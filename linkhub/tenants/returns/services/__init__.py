"""Changes to returns, performance indicators and joint reviews (the only code that writes them).

Each function checks before writing, records an audit row and leaves the commit to the caller.
A return that has been sent cannot change (409 with the reason); publishing an annual report
emits ``report.published`` so the national library indexes it as an ``annual_report``.
"""

from __future__ import annotations

from datetime import date

from flask import has_request_context
from sqlalchemy import select

from linkhub.platform import audit, clock
from linkhub.platform.db import db, utcnow
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError

from .. import figures
from ..indicators import measure_value
from ..models import (
    DIRECTIONS,
    FREQUENCIES,
    MEASURES,
    NARRATIVE,
    RETURN_KINDS,
    Indicator,
    IndicatorValue,
    JointReview,
    Return,
    new_public_ref,
)
from ..periods import period_end, starts_a_period


def _user_id():
    if not has_request_context():
        return None
    from linkhub.platform.auth import current_user_id

    return current_user_id()


def _text(value, field: str, message: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(message, field=field)
    if len(value) > limit:
        raise ServiceError(f"This must be {limit:,} characters or fewer", field=field)
    return value


# --- returns -----------------------------------------------------------------------------------


def start_return(*, kind: str, period_start: date) -> Return:
    """A six-monthly return (starting 1 April or 1 October) or an annual report (1 April)."""
    if kind not in RETURN_KINDS:
        raise ServiceError("Choose the kind of return", field="kind")
    frequency = "six_monthly" if kind == "six_monthly" else "annual"
    if not starts_a_period(period_start, frequency):
        message = "1 April or 1 October" if kind == "six_monthly" else "1 April"
        raise ServiceError(f"The period must start on {message}", field="period_start")
    taken = db.session.scalar(select(Return.id).where(Return.kind == kind, Return.period_start == period_start))
    if taken:
        raise ServiceError("There is already a return of this kind for that period", 409, "period_start")
    ret = Return(kind=kind, period_start=period_start, period_end=period_end(period_start, frequency), narrative={})
    db.session.add(ret)
    db.session.flush()
    audit.record("return.started", "return", ret.id, kind=kind, period=period_start.isoformat())
    return ret


def _draft(ret: Return) -> None:
    if not ret.is_draft:
        raise ServiceError(
            f"This return was {ret.status_label.lower()} on {ret.submitted_at:%-d %B %Y}: it can no longer change",
            409,
        )


def write_narrative(ret: Return, **sections) -> Return:
    """Host staff write the narrative sections; the figures come from the data."""
    _draft(ret)
    narrative = dict(ret.narrative or {})
    changed = []
    for key, text in sections.items():
        if key not in NARRATIVE or text is None:
            continue
        text = _text(text, key, "", 20_000, required=False)
        if narrative.get(key, "") != text:
            narrative[key] = text
            changed.append(key)
    if changed:
        ret.narrative = narrative
        audit.record("return.narrative_written", "return", ret.id, sections=sorted(changed))
    return ret


def current_figures(ret: Return) -> dict:
    """A draft's figures drawn now; a sent return's as they were sent."""
    return ret.figures if ret.figures is not None else figures.draw(ret.period_start, ret.period_end)


def submit_return(ret: Return) -> Return:
    """Send the return to the local authority: the figures are drawn now and kept as sent."""
    _draft(ret)
    if ret.period_end > clock.today() and ret.period_start > clock.today():
        raise ServiceError("The period has not started yet", 409)
    drawn = figures.draw(ret.period_start, ret.period_end)
    ret.figures, ret.figures_drawn_at = drawn, utcnow()
    ret.status, ret.submitted_at, ret.submitted_by_id = "submitted", utcnow(), _user_id()
    audit.record("return.submitted", "return", ret.id, kind=ret.kind)
    emit("return.submitted", {"return_id": ret.id, "kind": ret.kind})
    return ret


def publish_annual(ret: Return) -> Return:
    """Publish a sent annual report: public page and the national reports library."""
    if ret.kind != "annual":
        raise ServiceError("Only annual reports are published; six-monthly returns go to the local authority", 409)
    if ret.status != "submitted":
        raise ServiceError(
            "Send the annual report to the local authority before publishing it"
            if ret.is_draft
            else "This annual report is already published",
            409,
        )
    ret.status, ret.published_at = "published", utcnow()
    ret.public_ref = ret.public_ref or new_public_ref()
    audit.record("return.published", "return", ret.id, public_ref=ret.public_ref)
    emit("report.published", document(ret))
    return ret


def document(ret: Return) -> dict:
    """The ``report.published`` payload of a published annual report (linkhub/search/events.py)."""
    from linkhub.platform.models import Network

    network = db.session.get(Network, ret.network_id)
    narrative = ret.narrative or {}
    body = "\n\n".join(f"{title}\n{narrative[key]}" for key, title in NARRATIVE.items() if narrative.get(key))
    return {
        "public_ref": ret.public_ref,
        "network": network.slug,
        "network_name": network.name,
        "region": network.region,
        "title": f"{network.name}: {ret.title}",
        "published_on": (ret.published_at or utcnow()).date().isoformat(),
        "summary": narrative.get("summary", "")[:2000],
        "body": body,
        "report_type": "annual_report",
        "url": f"/networks/{network.slug}/returns/annual/{ret.public_ref}",
    }


# --- indicators --------------------------------------------------------------------------------


def _checked_indicator(data: dict) -> dict:
    out = {}
    if "name" in data:
        out["name"] = _text(data["name"], "name", "Enter the indicator's name", 200)
    if "definition" in data:
        out["definition"] = _text(data["definition"], "definition", "Enter how the indicator is defined", 5000)
    if "target" in data:
        target = data["target"]
        if not isinstance(target, int) or isinstance(target, bool) or not 0 <= target <= 10_000_000:
            raise ServiceError("Enter the target as a whole number, 0 or more", field="target")
        out["target"] = target
    if "direction" in data:
        if data["direction"] not in DIRECTIONS:
            raise ServiceError("Choose whether the target is a least or a most", field="direction")
        out["direction"] = data["direction"]
    if "frequency" in data:
        if data["frequency"] not in FREQUENCIES:
            raise ServiceError("Choose how often the indicator is measured", field="frequency")
        out["frequency"] = data["frequency"]
    if "measure" in data:
        if data["measure"] not in MEASURES:
            raise ServiceError("Choose where the values come from", field="measure")
        out["measure"] = data["measure"]
    return out


def add_indicator(*, name, definition, target, frequency, direction="at_least", measure="manual") -> Indicator:
    data = _checked_indicator(
        dict(name=name, definition=definition, target=target, frequency=frequency, direction=direction, measure=measure)
    )
    if db.session.scalar(select(Indicator.id).where(Indicator.name == data["name"])):
        raise ServiceError("There is already an indicator with that name", 409, "name")
    indicator = Indicator(**data)
    db.session.add(indicator)
    db.session.flush()
    audit.record("indicator.added", "indicator", indicator.id, name=indicator.name)
    return indicator


def update_indicator(indicator: Indicator, **changes) -> Indicator:
    data = _checked_indicator(changes)
    altered = {k: v for k, v in data.items() if getattr(indicator, k) != v}
    if altered:
        audit.record("indicator.updated", "indicator", indicator.id, fields=sorted(altered))
        for key, value in altered.items():
            setattr(indicator, key, value)
    return indicator


def _period(indicator: Indicator, period_start) -> date:
    if not starts_a_period(period_start, indicator.frequency):
        raise ServiceError(
            f"Choose the first day of a period ({indicator.frequency_label.lower()}, from 1 April)",
            field="period_start",
        )
    return period_end(period_start, indicator.frequency)


def _store(indicator: Indicator, start: date, end: date, value: int, source: str, note: str) -> IndicatorValue:
    row = db.session.scalar(
        select(IndicatorValue).where(IndicatorValue.indicator_id == indicator.id, IndicatorValue.period_start == start)
    )
    if row is None:
        row = IndicatorValue(indicator_id=indicator.id, period_start=start, period_end=end, value=value, source=source)
        db.session.add(row)
    row.value, row.source, row.note, row.recorded_by_id, row.recorded_at = value, source, note, _user_id(), utcnow()
    db.session.flush()
    audit.record(
        "indicator.value_recorded", "indicator", indicator.id, period=start.isoformat(), value=value, source=source
    )
    return row


def record_value(indicator: Indicator, *, period_start, value, note: str = "") -> IndicatorValue:
    """A value entered by hand (or replacing one taken from the data, with a note)."""
    end = _period(indicator, period_start)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10_000_000:
        raise ServiceError("Enter the value as a whole number, 0 or more", field="value")
    note = _text(note, "note", "", 2000, required=False)
    if indicator.measure != "manual" and not note:
        raise ServiceError("Say why you are replacing the value taken from the data", field="note")
    return _store(indicator, period_start, end, value, "manual", note)


def draw_value(indicator: Indicator, *, period_start) -> IndicatorValue:
    """Take the period's value from the data (for an indicator with a measure)."""
    end = _period(indicator, period_start)
    if indicator.measure == "manual":
        raise ServiceError("This indicator's values are entered by hand", field="period_start")
    value = measure_value(indicator.measure, period_start, end)
    if value is None:
        raise ServiceError("There is no data for this period to measure it (enter it by hand)", 409)
    return _store(indicator, period_start, end, value, "data", "")


def record_review(*, period_start, period_end, held_on, attendees, findings, agreed_actions="") -> JointReview:
    """The LA and the LINk's joint review of the indicators for one period."""
    for field, value in (("period_start", period_start), ("period_end", period_end), ("held_on", held_on)):
        if not isinstance(value, date):
            raise ServiceError("Enter a real date", field=field)
    if period_end < period_start:
        raise ServiceError("The period must end after it starts", field="period_end")
    if db.session.scalar(
        select(JointReview.id).where(JointReview.period_start == period_start, JointReview.period_end == period_end)
    ):
        raise ServiceError("This period already has a joint review", 409, "period_start")
    review = JointReview(
        period_start=period_start,
        period_end=period_end,
        held_on=held_on,
        attendees=_text(attendees, "attendees", "Enter who took part", 5000),
        findings=_text(findings, "findings", "Enter what the review found", 20_000),
        agreed_actions=_text(agreed_actions, "agreed_actions", "", 20_000, required=False),
        recorded_by_id=_user_id(),
    )
    db.session.add(review)
    db.session.flush()
    audit.record("joint_review.recorded", "joint_review", review.id, period=period_start.isoformat())
    return review
