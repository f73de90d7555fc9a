"""Joint surveys: a working group runs one survey in each member network, and sees the combined
results with the disclosure control applied to every figure (platform/disclosure.py).

The federation holds the questions and per-network counts (``joint_survey_tallies``), written
only by the ``federation.joint_survey_response`` handler from the event payload; it never reads
a network's responses. Each network reads its own exact results inside its own walls.

Combined results, with ``t`` the group's agreed threshold and ``B`` its rounding base: every
figure (each answer's count over all networks, each question's answered count, the responses of
each network and in all) goes through ``disclosure.publish``; each table gets secondary
suppression. So every published figure is 0 or a multiple of ``B``, a suppressed count lies in
``1 .. t-1 < B``, and no sum or difference of published figures can equal a suppressed one
(``tests/federation/test_joint_surveys.py`` checks it with hypothesis).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from linkhub.platform import audit, disclosure
from linkhub.platform.db import db
from linkhub.platform.models import Network
from linkhub.platform.services import ServiceError

from ..models import DEFAULT_THRESHOLD, JointSurvey, JointSurveyTally, WorkingGroup
from . import member_group, require_accepted

RESPONSES = "_responses"  # choice 0: a network's responses; under a question's key, choice -1: who answered it
COUNTED_KINDS = ("radios", "checkboxes", "scale")


def start(*, group_id: int, network_id: int, title: str, questions: list[dict]) -> JointSurvey:
    """Register a network's survey as the group's joint survey. The network must be a member
    that accepted the group's current sharing agreement (its counts will leave the network)."""
    group = member_group(group_id, network_id)
    require_accepted(group, network_id)
    counted = [q for q in questions if q.get("kind") in COUNTED_KINDS]
    if not counted:
        raise ServiceError(
            "A joint survey needs at least one question with answers to count (radios, checkboxes or a scale)",
            status=409,
        )
    joint = JointSurvey(
        working_group_id=group.id,
        started_by_network_id=network_id,
        title=title[:200],
        questions=[
            {
                "key": q["key"],
                "kind": q["kind"],
                "title": q["title"],
                "options": list(q.get("options") or []),
                "scale_max": int(q.get("scale_max") or 5),
            }
            for q in questions
        ],
    )
    db.session.add(joint)
    db.session.flush()
    audit.record("joint_survey.started", "joint_survey", joint.id, working_group_id=group.id, title=joint.title)
    return joint


def find(ref: str) -> JointSurvey | None:
    return db.session.scalar(select(JointSurvey).where(JointSurvey.ref == (ref or "")))


def add_tallies(joint: JointSurvey, network_id: int, answers: dict) -> None:
    """Count one response (the handler's work): ``answers`` maps a question key to the chosen
    values. Unknown keys or values are ignored: only what the joint survey asks is counted."""
    wanted = {q["key"]: q for q in joint.questions if q["kind"] in COUNTED_KINDS}
    increments = {(RESPONSES, 0): 1}
    for key, values in (answers or {}).items():
        question = wanted.get(key)
        if question is None:
            continue
        allowed = (
            range(1, question["scale_max"] + 1) if question["kind"] == "scale" else range(len(question["options"]))
        )
        chosen = {v for v in (values if isinstance(values, list) else [values]) if isinstance(v, int) and v in allowed}
        if not chosen:
            continue
        increments[(key, -1)] = 1
        for value in chosen:
            increments[(key, value)] = 1
    existing = {
        (t.question_key, t.choice): t
        for t in db.session.scalars(
            select(JointSurveyTally).where(
                JointSurveyTally.joint_survey_id == joint.id, JointSurveyTally.network_id == network_id
            )
        )
    }
    for (key, choice), step in increments.items():
        tally = existing.get((key, choice))
        if tally is None:
            db.session.add(
                JointSurveyTally(
                    joint_survey_id=joint.id, network_id=network_id, question_key=key, choice=choice, count=step
                )
            )
        else:
            tally.count += step


@dataclass
class Table:
    title: str
    rows: list[tuple[str, disclosure.Figure]] = field(default_factory=list)
    total_label: str = "Total"
    total: disclosure.Figure | None = None


@dataclass
class CombinedResults:
    joint: JointSurvey
    threshold: int
    base: int
    responses: Table
    questions: list[Table]


def threshold_of(group: WorkingGroup) -> int:
    agreement = group.current_agreement
    return agreement.suppression_threshold if agreement is not None else DEFAULT_THRESHOLD


def publish_table(title: str, cells: list[tuple[str, int]], total: int | None, threshold: int, **kw) -> Table:
    """One table through the disclosure control: threshold, rounding, secondary suppression."""
    counts = {i: count for i, (_, count) in enumerate(cells)}
    hidden = disclosure.secondary(counts, set(), threshold)
    table = Table(title, **kw)
    table.rows = [(label, disclosure.publish(count, threshold, i in hidden)) for i, (label, count) in enumerate(cells)]
    if total is not None:
        table.total = disclosure.publish(total, threshold)
    return table


def combine(joint: JointSurvey, counts: dict, network_names: dict[int, str], threshold: int) -> CombinedResults:
    """The published results from raw tallies ``{(network_id, key, choice): count}`` (pure: the
    hypothesis test calls it with made-up counts)."""

    def total(key, choice):
        return sum(c for (_, k, ch), c in counts.items() if k == key and ch == choice)

    responses = publish_table(
        "Responses by network",
        [(name, counts.get((nid, RESPONSES, 0), 0)) for nid, name in sorted(network_names.items(), key=lambda x: x[1])],
        total(RESPONSES, 0),
        threshold,
        total_label="All networks",
    )
    tables = []
    for q in joint.questions:
        if q["kind"] not in COUNTED_KINDS:
            continue
        labels = (
            [(n, str(n)) for n in range(1, q["scale_max"] + 1)]
            if q["kind"] == "scale"
            else list(enumerate(q["options"]))
        )
        tables.append(
            publish_table(
                q["title"],
                [(text, total(q["key"], value)) for value, text in labels],
                total(q["key"], -1),
                threshold,
                total_label="People who answered",
            )
        )
    return CombinedResults(joint, threshold, disclosure.base(threshold), responses, tables)


def combined_results(ref: str, network_id: int) -> CombinedResults:
    """The group's combined results, for a member network (anyone else: 404)."""
    joint = find(ref)
    if joint is None:
        raise ServiceError("Not found", status=404)
    group = member_group(joint.working_group_id, network_id)
    rows = db.session.execute(
        select(
            JointSurveyTally.network_id,
            JointSurveyTally.question_key,
            JointSurveyTally.choice,
            func.sum(JointSurveyTally.count),
        )
        # Only current members: a network that left is in no cell, so in no total either.
        .where(JointSurveyTally.joint_survey_id == joint.id, JointSurveyTally.network_id.in_(group.member_network_ids))
        .group_by(JointSurveyTally.network_id, JointSurveyTally.question_key, JointSurveyTally.choice)
    ).all()
    counts = {(nid, key, choice): int(n) for nid, key, choice, n in rows}
    names = dict(
        db.session.execute(select(Network.id, Network.name).where(Network.id.in_(group.member_network_ids))).all()
    )
    return combine(joint, counts, names, threshold_of(group))
