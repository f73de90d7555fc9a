"""Changes to the work programme (the only code that writes work items and task groups).

Each function checks everything before writing, records an audit row and leaves the commit to
the caller, so a refusal leaves nothing half-written. A task group's ``ended_on`` is kept in
step with its items here, in the same transaction as the change that caused it.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from linkhub.platform import audit
from linkhub.platform.db import db
from linkhub.platform.outbox import emit
from linkhub.platform.services import ServiceError
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.members.services import find_person
from linkhub.platform import clock

from .models import LINK_KINDS, STATUSES, TaskGroup, TaskGroupMember, WorkItem

ITEM_FIELDS = ("title", "owner", "outcome", "target_on", "issue_id", "task_group_id", "linked_kind", "linked_id")


def _text(value, field: str, message: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ServiceError(message, field=field)
    if len(value) > limit:
        raise ServiceError(f"This must be {limit:,} characters or fewer", field=field)
    return value


def _checked_item(data: dict) -> dict:
    """Validate the fields of a work item given in ``data`` (others are left alone)."""
    out = {}
    if "title" in data:
        out["title"] = _text(data["title"], "title", "Enter what the work item is", 200)
    if "owner" in data:
        out["owner"] = _text(data["owner"], "owner", "Enter who owns the work item", 200)
    if "outcome" in data:
        out["outcome"] = _text(data["outcome"], "outcome", "Enter a measurable outcome", 5000)
    if "target_on" in data:
        if not isinstance(data["target_on"], date):
            raise ServiceError("Enter the target date", field="target_on")
        out["target_on"] = data["target_on"]
    if data.get("issue_id") is not None and db.session.get(Issue, data["issue_id"]) is None:
        raise ServiceError("Choose an issue of this network", field="issue_id")
    if data.get("task_group_id") is not None and db.session.get(TaskGroup, data["task_group_id"]) is None:
        raise ServiceError("Choose a task group of this network", field="task_group_id")
    for key in ("issue_id", "task_group_id"):
        if key in data:
            out[key] = data[key] or None
    if "linked_kind" in data or "linked_id" in data:
        kind, linked = data.get("linked_kind") or None, data.get("linked_id") or None
        if kind is not None and kind not in LINK_KINDS:
            raise ServiceError("Choose what kind of power or report it is linked to", field="linked_kind")
        if (kind is None) != (linked is None):
            raise ServiceError("Give both the kind of link and its number, or neither", field="linked_id")
        out.update(linked_kind=kind, linked_id=linked)
    return out


def add_item(
    *,
    title: str,
    owner: str,
    outcome: str,
    target_on: date,
    issue_id: int | None = None,
    task_group_id: int | None = None,
    status: str = "not_started",
    linked_kind: str | None = None,
    linked_id: int | None = None,
) -> WorkItem:
    data = _checked_item(
        dict(
            title=title,
            owner=owner,
            outcome=outcome,
            target_on=target_on,
            issue_id=issue_id,
            task_group_id=task_group_id,
            linked_kind=linked_kind,
            linked_id=linked_id,
        )
    )
    if status not in STATUSES:
        raise ServiceError("Choose a status", field="status")
    item = WorkItem(status=status, completed_on=clock.today() if status == "done" else None, **data)
    db.session.add(item)
    db.session.flush()
    audit.record("work_item.added", "work_item", item.id, title=item.title, issue_id=item.issue_id)
    _sync_group(item.task_group_id)
    return item


def update_item(item: WorkItem, **changes) -> WorkItem:
    status = changes.pop("status", None)
    data = _checked_item({k: v for k, v in changes.items() if k in ITEM_FIELDS})
    if status is not None and status not in STATUSES:
        raise ServiceError("Choose a status", field="status")
    old_group = item.task_group_id
    altered = {k: v for k, v in data.items() if getattr(item, k) != v}
    if altered:
        audit.record(
            "work_item.updated",
            "work_item",
            item.id,
            old={k: _plain(getattr(item, k)) for k in altered},
            new={k: _plain(v) for k, v in altered.items()},
        )
        for key, value in altered.items():
            setattr(item, key, value)
    if status is not None:
        set_status(item, status)
    if item.task_group_id != old_group:
        db.session.flush()
        _sync_group(old_group)
        _sync_group(item.task_group_id)
    return item


def set_status(item: WorkItem, status: str) -> WorkItem:
    if status not in STATUSES:
        raise ServiceError("Choose a status", field="status")
    if item.status != status:
        audit.record("work_item.status_changed", "work_item", item.id, old=item.status, new=status)
        item.status = status
        item.completed_on = clock.today() if status == "done" else None
        db.session.flush()
        _sync_group(item.task_group_id)
        # Whoever follows the item hears of it (a request for work tells its requester).
        emit("work_item.progressed", {"work_item_id": item.id, "status": status})
    return item


def record_achievement(item: WorkItem, achieved: str) -> WorkItem:
    """What the work item actually achieved, in plain words (shown publicly with the programme)."""
    text = (achieved or "").strip()
    if not text:
        raise ServiceError("Enter what the work achieved", field="achieved")
    if len(text) > 5000:
        raise ServiceError("What it achieved must be 5000 characters or fewer", field="achieved")
    item.achieved = text
    audit.record("work_item.achieved", "work_item", item.id)
    emit("work_item.progressed", {"work_item_id": item.id, "achieved": True})
    return item


def _sync_group(group_id: int | None) -> None:
    """A task group ends when all its work items are completed, and reopens when one is not."""
    if group_id is None:
        return
    group = db.session.get(TaskGroup, group_id)
    items = db.session.scalars(select(WorkItem).where(WorkItem.task_group_id == group_id)).all()
    finished = bool(items) and all(i.status == "done" for i in items)
    if finished and group.ended_on is None:
        group.ended_on = max(i.completed_on or clock.today() for i in items)
        audit.record("task_group.ended", "task_group", group.id, name=group.name)
    elif not finished and group.ended_on is not None:
        group.ended_on = None
        audit.record("task_group.reopened", "task_group", group.id, name=group.name)


def _people(member_ids) -> list[int]:
    """Task-group members are people of the register (active members or participants)."""
    found: list[int] = []
    for person_id in member_ids or []:
        person = find_person(person_id, "member_ids")
        if person.id not in found:
            found.append(person.id)
    return found


def _set_members(group: TaskGroup, member_ids: list[int]) -> bool:
    current = {
        m.person_id: m
        for m in db.session.scalars(select(TaskGroupMember).where(TaskGroupMember.task_group_id == group.id))
    }
    wanted = set(member_ids)
    for person_id, row in current.items():
        if person_id not in wanted:
            db.session.delete(row)
    for person_id in member_ids:
        if person_id not in current:
            db.session.add(TaskGroupMember(task_group_id=group.id, person_id=person_id))
    db.session.flush()
    db.session.expire(group, ["memberships"])
    return wanted != set(current)


def add_task_group(*, name: str, purpose: str = "", member_ids: list[int] | None = None) -> TaskGroup:
    people = _people(member_ids)
    group = TaskGroup(
        name=_text(name, "name", "Enter a name for the task group", 120),
        purpose=(purpose or "").strip(),
    )
    db.session.add(group)
    db.session.flush()
    _set_members(group, people)
    audit.record("task_group.added", "task_group", group.id, name=group.name, members=people)
    return group


def update_task_group(
    group: TaskGroup, *, name: str | None = None, purpose: str | None = None, member_ids: list[int] | None = None
) -> TaskGroup:
    changes = {}
    if name is not None:
        changes["name"] = _text(name, "name", "Enter a name for the task group", 120)
    if purpose is not None:
        changes["purpose"] = purpose.strip()
    people = _people(member_ids) if member_ids is not None else None
    altered = {k: v for k, v in changes.items() if getattr(group, k) != v}
    for key, value in altered.items():
        setattr(group, key, value)
    if people is not None and _set_members(group, people):
        altered["members"] = people
    if altered:
        audit.record("task_group.updated", "task_group", group.id, fields=sorted(altered))
    return group


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value
