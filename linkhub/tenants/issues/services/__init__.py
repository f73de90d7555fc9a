"""Issues: grouping feedback, and the figures that answer "500 calls from one person or one call
from 500 people"."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import ngettext
from sqlalchemy import func, select, update

from linkhub.platform import audit
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.directory.models import Provider
from linkhub.tenants.feedback.models import CHANNELS, THEMES, Feedback

from ..models import ISSUE_STATUSES, Issue


def create_issue(*, title: str, theme: str, provider_id: int | None = None, service_id: int | None = None,
                 summary: str = "", created_by=None) -> Issue:
    title = (title or "").strip()
    if not title:
        raise ServiceError("Enter a title for the issue", field="title")
    if len(title) > 200:
        raise ServiceError("The title must be 200 characters or fewer", field="title")
    if theme not in THEMES:
        raise ServiceError("Choose the theme", field="theme")
    if provider_id is not None and db.session.get(Provider, provider_id) is None:
        raise ServiceError("Choose a provider from this network's directory", field="provider_id")
    issue = Issue(title=title, theme=theme, provider_id=provider_id, service_id=service_id, summary=summary.strip(),
                  created_by_id=getattr(created_by, "id", None))
    db.session.add(issue)
    db.session.flush()
    audit.record("issue.created", "issue", issue.id, title=title)
    return issue


def add_feedback(issue: Issue, feedback_ids: list[int]) -> int:
    """Group feedback into the issue; ids of another network simply match nothing."""
    if not feedback_ids:
        raise ServiceError("Choose at least one piece of feedback", field="feedback_ids")
    found = db.session.scalars(select(Feedback.id).where(Feedback.id.in_(feedback_ids))).all()
    if len(found) != len(set(feedback_ids)):
        raise ServiceError("Some of that feedback is not in this network", field="feedback_ids")
    db.session.execute(update(Feedback).where(Feedback.id.in_(found), Feedback.network_id == issue.network_id)
                       .values(issue_id=issue.id).execution_options(synchronize_session=False))
    audit.record("issue.feedback_added", "issue", issue.id, count=len(found))
    return len(found)


def add_feedback_by_reference(issue: Issue, text: str) -> int:
    """Group feedback named by its public references (spaces or commas between them). Nothing is
    added unless every reference is found in this network; the error names the ones that are not."""
    refs = list(dict.fromkeys(r.upper() for r in (text or "").replace(",", " ").split()))
    if not refs:
        raise ServiceError("Enter the reference of at least one piece of feedback", field="references")
    found = dict(db.session.execute(select(Feedback.reference, Feedback.id).where(Feedback.reference.in_(refs))).all())
    missing = [r for r in refs if r not in found]
    if missing:
        raise ServiceError(f"No feedback in this network has the reference {_join(missing)}: check "
                           f"{'it' if len(missing) == 1 else 'them'} and try again", field="references")
    return add_feedback(issue, [found[r] for r in refs])


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def set_status(issue: Issue, status: str) -> Issue:
    if status not in ISSUE_STATUSES:
        raise ServiceError("Choose a status", field="status")
    if issue.status != status:
        audit.record("issue.status_changed", "issue", issue.id, old=issue.status, new=status)
        issue.status = status
    return issue


def issue_for_group(provider_id: int | None, theme: str) -> Issue:
    """The open issue for a provider and theme, made when a trigger fires and none exists."""
    issue = db.session.scalar(select(Issue).where(Issue.provider_id == provider_id, Issue.theme == theme,
                                                  Issue.status != "closed").order_by(Issue.id).limit(1))
    if issue is None:
        provider = db.session.get(Provider, provider_id) if provider_id else None
        title = f"{THEMES.get(theme, theme)} – {provider.name if provider else 'several services'}"
        issue = create_issue(title=title[:200], theme=theme, provider_id=provider_id)
    return issue


@dataclass
class Breakdown:
    feedback: int
    known_people: int  # distinct contacts
    anonymous: int  # feedback without contact details: each may be a different person
    top_contributor_items: int

    @property
    def people(self) -> int:
        """Distinct people, counting each anonymous item as one person (an upper bound)."""
        return self.known_people + self.anonymous

    @property
    def top_share(self) -> float:
        return self.top_contributor_items / self.feedback if self.feedback else 0.0

    @property
    def pattern(self) -> str:
        """Plain words for the "500 from 1 or 1 from 500" question."""
        if not self.feedback:
            return "No feedback yet."
        if self.top_share >= 0.5 and self.top_contributor_items > 1:
            return (f"Mostly one person: {self.top_contributor_items} of "
                    + ngettext("%(num)d piece of feedback came from one contributor.",
                               "%(num)d pieces of feedback came from one contributor.", self.feedback))
        return ("Many voices: " + ngettext("%(num)d person", "%(num)d people", self.people) + " gave "
                + ngettext("%(num)d piece of feedback", "%(num)d pieces of feedback", self.feedback)
                + f"; no one gave more than {self.top_contributor_items}.")


def breakdown(issue_id: int) -> Breakdown:
    base = select(Feedback).where(Feedback.issue_id == issue_id).subquery()
    total = db.session.scalar(select(func.count()).select_from(base)) or 0
    known = db.session.scalar(select(func.count(func.distinct(base.c.contact_id))).where(base.c.contact_id.is_not(None))) or 0
    anonymous = db.session.scalar(select(func.count()).select_from(base).where(base.c.contact_id.is_(None))) or 0
    top = db.session.scalar(select(func.count()).select_from(base).where(base.c.contact_id.is_not(None))
                            .group_by(base.c.contact_id).order_by(func.count().desc()).limit(1)) or (1 if anonymous else 0)
    return Breakdown(total, known, anonymous, top)


def timeline(issue_id: int) -> list[tuple[str, int]]:
    month = func.strftime("%Y-%m", Feedback.received_at) if db.engine.dialect.name == "sqlite" \
        else func.to_char(Feedback.received_at, "YYYY-MM")
    rows = db.session.execute(select(month, func.count()).where(Feedback.issue_id == issue_id)
                              .group_by(month).order_by(month)).all()
    return [(m, n) for m, n in rows]


def channels(issue_id: int) -> list[tuple[str, int]]:
    """Feedback per channel, named as people say it ("Phone call", not "phone")."""
    rows = db.session.execute(select(Feedback.channel, func.count()).where(Feedback.issue_id == issue_id)
                              .group_by(Feedback.channel).order_by(func.count().desc())).all()
    return [(CHANNELS.get(channel, channel), count) for channel, count in rows]


def suggested_groups(limit: int = 20):
    """Feedback not yet in an issue, grouped by provider and theme, biggest first."""
    rows = db.session.execute(
        select(Feedback.provider_id, Feedback.theme, func.count(), func.min(Feedback.received_at))
        .where(Feedback.issue_id.is_(None)).group_by(Feedback.provider_id, Feedback.theme)
        .order_by(func.count().desc()).limit(limit)).all()
    providers = {p.id: p.name for p in db.session.scalars(select(Provider))}
    return [{"provider_id": p, "provider": providers.get(p, "Service not in the directory"), "theme": t,
             "theme_label": THEMES.get(t, t), "count": n, "since": since} for p, t, n, since in rows]
