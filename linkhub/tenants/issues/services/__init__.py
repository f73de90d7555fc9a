"""Issues: grouping feedback, and the figures that answer "500 calls from one person or one call
from 500 people"."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from flask_babel import ngettext
from sqlalchemy import func, select, update

from linkhub.platform import audit
from linkhub.platform.db import db
from linkhub.platform.locks import xact_lock
from linkhub.platform.services import ServiceError
from linkhub.platform.tenancy import current_network_id
from linkhub.tenants.directory.models import Provider
from linkhub.tenants.feedback.models import CHANNELS, THEMES, Feedback

from ..models import CARE_SECTORS, ISSUE_SCOPES, ISSUE_STATUSES, Issue


def create_issue(
    *,
    title: str,
    theme: str,
    provider_id: int | None = None,
    service_id: int | None = None,
    summary: str = "",
    created_by=None,
) -> Issue:
    title = (title or "").strip()
    if not title:
        raise ServiceError("Enter a title for the issue", field="title")
    if len(title) > 200:
        raise ServiceError("The title must be 200 characters or fewer", field="title")
    if theme not in THEMES:
        raise ServiceError("Choose the theme", field="theme")
    if provider_id is not None and db.session.get(Provider, provider_id) is None:
        raise ServiceError("Choose a provider from this network's directory", field="provider_id")
    issue = Issue(
        title=title,
        theme=theme,
        provider_id=provider_id,
        service_id=service_id,
        summary=summary.strip(),
        created_by_id=getattr(created_by, "id", None),
    )
    db.session.add(issue)
    db.session.flush()
    audit.record("issue.created", "issue", issue.id, title=title)
    return issue


class ConfirmationNeeded(ServiceError):
    """Adding this feedback would move it out of another issue, or add feedback about another
    provider: the person must say so (``move=True``, ``other_provider=True``)."""

    def __init__(self, moves: dict, other_provider: list):
        self.moves, self.other_provider = moves, other_provider  # {issue: [references]}, [references]
        parts = [
            f"feedback {', '.join(refs)} is in issue {issue.id} ({issue.title}); confirm to move it"
            for issue, refs in moves.items()
        ]
        if other_provider:
            parts.append(f"feedback {', '.join(other_provider)} is about another provider; confirm to add it")
        message = "; ".join(parts)
        super().__init__(message[:1].upper() + message[1:], status=409, field="feedback_ids")


def add_feedback(issue: Issue, feedback_ids: list[int], *, move: bool = False, other_provider: bool = False) -> int:
    """Group feedback into the issue; ids of another network simply match nothing.

    Feedback already in another issue is moved only when ``move`` is given, and feedback about a
    provider other than the issue's is added only when ``other_provider`` is given; otherwise
    :class:`ConfirmationNeeded` says which. A move is audited on both issues.
    """
    if not feedback_ids:
        raise ServiceError("Choose at least one piece of feedback", field="feedback_ids")
    # Locked, so a concurrent regrouping of the same feedback waits and then sees where it went:
    # the issues' grouped counts move with it exactly.
    rows = db.session.execute(
        select(Feedback.id, Feedback.reference, Feedback.issue_id, Feedback.provider_id)
        .where(Feedback.id.in_(feedback_ids))
        .with_for_update()
    ).all()
    if len(rows) != len(set(feedback_ids)):
        raise ServiceError("Some of that feedback is not in this network", field="feedback_ids")
    elsewhere = [r for r in rows if r.issue_id is not None and r.issue_id != issue.id]
    mismatched = [r.reference for r in rows if issue.provider_id is not None and r.provider_id != issue.provider_id]
    if (elsewhere and not move) or (mismatched and not other_provider):
        others = {
            i.id: i for i in db.session.scalars(select(Issue).where(Issue.id.in_({r.issue_id for r in elsewhere})))
        }
        moves: dict = {}
        for r in elsewhere if not move else []:
            moves.setdefault(others[r.issue_id], []).append(r.reference)
        raise ConfirmationNeeded(moves, mismatched if not other_provider else [])
    found = [r.id for r in rows]
    db.session.execute(
        update(Feedback)
        .where(Feedback.id.in_(found), Feedback.network_id == issue.network_id)
        .values(issue_id=issue.id)
        .execution_options(synchronize_session=False)
    )
    leaving = Counter(r.issue_id for r in rows if r.issue_id is not None and r.issue_id != issue.id)
    for old, n in sorted(leaving.items()):
        db.session.execute(
            update(Issue)
            .where(Issue.id == old)
            .values(grouped_count=Issue.grouped_count - n)
            .execution_options(synchronize_session=False)
        )
    joining = sum(1 for r in rows if r.issue_id != issue.id)
    if joining:
        db.session.execute(
            update(Issue)
            .where(Issue.id == issue.id)
            .values(grouped_count=Issue.grouped_count + joining)
            .execution_options(synchronize_session=False)
        )
    db.session.expire(issue, ["grouped_count"])
    for from_issue in sorted({r.issue_id for r in elsewhere}):
        refs = sorted(r.reference for r in elsewhere if r.issue_id == from_issue)
        audit.record("issue.feedback_moved", "issue", issue.id, from_issue=from_issue, references=refs)
        audit.record("issue.feedback_moved_out", "issue", from_issue, to_issue=issue.id, references=refs)
    audit.record(
        "issue.feedback_added",
        "issue",
        issue.id,
        count=len(found),
        moved=len(elsewhere),
        other_provider=sorted(mismatched),
    )
    return len(found)


def add_feedback_by_reference(issue: Issue, text: str, *, move: bool = False, other_provider: bool = False) -> int:
    """Group feedback named by its public references (spaces or commas between them). Nothing is
    added unless every reference is found in this network; the error names the ones that are not.
    Moving and other providers are confirmed as for :func:`add_feedback`."""
    refs = list(dict.fromkeys(r.upper() for r in (text or "").replace(",", " ").split()))
    if not refs:
        raise ServiceError("Enter the reference of at least one piece of feedback", field="references")
    found = dict(db.session.execute(select(Feedback.reference, Feedback.id).where(Feedback.reference.in_(refs))).all())
    missing = [r for r in refs if r not in found]
    if missing:
        raise ServiceError(
            f"No feedback in this network has the reference {_join(missing)}: check "
            f"{'it' if len(missing) == 1 else 'them'} and try again",
            field="references",
        )
    return add_feedback(issue, [found[r] for r in refs], move=move, other_provider=other_provider)


def _join(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def classify(issue: Issue, *, scope: str | None, care_sector: str | None) -> Issue:
    """National, local, individual or specialist; health, social care or both (either may be
    left unclassified, None)."""
    if scope is not None and scope not in ISSUE_SCOPES:
        raise ServiceError("Choose national, local, individual or specialist", field="scope")
    if care_sector is not None and care_sector not in CARE_SECTORS:
        raise ServiceError("Choose health, social care or both", field="care_sector")
    issue.scope, issue.care_sector = scope, care_sector
    audit.record("issue.classified", "issue", issue.id, scope=scope, care_sector=care_sector)
    return issue


def set_status(issue: Issue, status: str) -> Issue:
    if status not in ISSUE_STATUSES:
        raise ServiceError("Choose a status", field="status")
    if issue.status != status:
        audit.record("issue.status_changed", "issue", issue.id, old=issue.status, new=status)
        issue.status = status
    return issue


def issue_for_group(provider_id: int | None, theme: str) -> Issue:
    """The open issue for a provider and theme, made when a trigger fires and none exists.

    Locked on (network, provider, theme) until the transaction ends, so two workers never both
    find none and open two."""
    xact_lock("issue-group", current_network_id(), provider_id, theme)
    issue = db.session.scalar(
        select(Issue)
        .where(Issue.provider_id == provider_id, Issue.theme == theme, Issue.status != "closed")
        .order_by(Issue.id)
        .limit(1)
    )
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
            return f"Mostly one person: {self.top_contributor_items} of " + ngettext(
                "%(num)d piece of feedback came from one contributor.",
                "%(num)d pieces of feedback came from one contributor.",
                self.feedback,
            )
        return (
            "Many voices: "
            + ngettext("%(num)d person", "%(num)d people", self.people)
            + " gave "
            + ngettext("%(num)d piece of feedback", "%(num)d pieces of feedback", self.feedback)
            + f"; no one gave more than {self.top_contributor_items}."
        )


def breakdown(issue_id: int) -> Breakdown:
    base = select(Feedback).where(Feedback.issue_id == issue_id).subquery()
    total = db.session.scalar(select(func.count()).select_from(base)) or 0
    known = (
        db.session.scalar(select(func.count(func.distinct(base.c.contact_id))).where(base.c.contact_id.is_not(None)))
        or 0
    )
    anonymous = db.session.scalar(select(func.count()).select_from(base).where(base.c.contact_id.is_(None))) or 0
    top = db.session.scalar(
        select(func.count())
        .select_from(base)
        .where(base.c.contact_id.is_not(None))
        .group_by(base.c.contact_id)
        .order_by(func.count().desc())
        .limit(1)
    ) or (1 if anonymous else 0)
    return Breakdown(total, known, anonymous, top)


def timeline(issue_id: int) -> list[tuple[str, int]]:
    month = (
        func.strftime("%Y-%m", Feedback.received_at)
        if db.engine.dialect.name == "sqlite"
        else func.to_char(Feedback.received_at, "YYYY-MM")
    )
    rows = db.session.execute(
        select(month, func.count()).where(Feedback.issue_id == issue_id).group_by(month).order_by(month)
    ).all()
    return [(m, n) for m, n in rows]


def channels(issue_id: int) -> list[tuple[str, int]]:
    """Feedback per channel, named as people say it ("Phone call", not "phone")."""
    rows = db.session.execute(
        select(Feedback.channel, func.count())
        .where(Feedback.issue_id == issue_id)
        .group_by(Feedback.channel)
        .order_by(func.count().desc())
    ).all()
    return [(CHANNELS.get(channel, channel), count) for channel, count in rows]


# Suggested groups are found among this many of the newest pieces of feedback not yet in an
# issue (an index scan of at most this many rows), so the issues page costs the same at 50 or
# 5,000,000 pieces of feedback. The page says so.
SUGGESTION_WINDOW = 2000


def suggested_groups(limit: int = 20, window: int | None = None):
    """Recent feedback not yet in an issue, grouped by provider and theme, biggest first."""
    recent = (
        select(Feedback.provider_id, Feedback.theme, Feedback.received_at)
        .where(Feedback.issue_id.is_(None))
        .order_by(Feedback.received_at.desc())
        .limit(window or SUGGESTION_WINDOW)
        .subquery()
    )
    rows = db.session.execute(
        select(recent.c.provider_id, recent.c.theme, func.count(), func.min(recent.c.received_at))
        .group_by(recent.c.provider_id, recent.c.theme)
        .order_by(func.count().desc(), recent.c.provider_id, recent.c.theme)
        .limit(limit)
    ).all()
    ids = {p for p, *_ in rows if p is not None}
    providers = (
        dict(db.session.execute(select(Provider.id, Provider.name).where(Provider.id.in_(ids))).all()) if ids else {}
    )
    return [
        {
            "provider_id": p,
            "provider": providers.get(p, "Service not in the directory"),
            "theme": t,
            "theme_label": THEMES.get(t, t),
            "count": n,
            "since": since,
        }
        for p, t, n, since in rows
    ]
