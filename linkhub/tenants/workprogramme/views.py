"""Work programme pages: the task list (and its CSV), work items and task groups.

Members see everything; staff and network admins add and change work items and task groups.
The network home shows a "Work programme progress" panel to members.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from linkhub.platform import routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.issues.models import Issue
from linkhub.tenants.members.models import Person

from . import reporting, services
from .forms import AchievedForm, StatusForm, TaskGroupForm, WorkItemForm
from .models import LINK_KINDS, STATUSES, TaskGroup, WorkItem

bp = routing.network_blueprint("workprogramme", __name__, "/work-programme", template_folder="templates")


def _nav(network, roles):
    return [{"href": url_for("workprogramme.index", network_slug=network.slug), "text": "Work programme"}]


shell.nav_providers.append(_nav)


@shell.dashboard_panel
def _progress_panel(network):
    return {
        "title": "Work programme progress",
        "template": "workprogramme/_panel.html",
        "progress": reporting.progress(),
        "href": url_for("workprogramme.index", network_slug=network.slug),
    }


def _is_staff() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


def _field_error(form, exc: ServiceError, default: str) -> None:
    getattr(form, exc.field if hasattr(form, exc.field or "") else default).errors.append(exc.message)


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    status = request.args.get("status", "")
    groups = db.session.scalars(select(TaskGroup).order_by(TaskGroup.ended_on.is_not(None), TaskGroup.name)).all()
    return render_template(
        "workprogramme/index.html",
        items=reporting.items(status if status in STATUSES else None),
        groups=groups,
        progress=reporting.progress(),
        statuses=STATUSES,
        status=status,
        is_staff=_is_staff(),
    )


@bp.route("/work-programme.csv")
@routing.require_roles(MEMBER_ROLES)
def items_csv():
    response = Response(reporting.items_csv(reporting.items()), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{routing.current_network().slug}-work-programme.csv"'
    )
    return response


def _item_form(form) -> None:
    issues = db.session.scalars(select(Issue).where(Issue.status != "closed").order_by(Issue.title)).all()
    form.issue_id.choices = [(0, "Not from an issue")] + [(i.id, i.title) for i in issues]
    groups = db.session.scalars(select(TaskGroup).where(TaskGroup.ended_on.is_(None)).order_by(TaskGroup.name)).all()
    form.task_group_id.choices = [(0, "No task group")] + [(g.id, g.name) for g in groups]


def _item_values(form) -> dict:
    return dict(
        title=form.title.data,
        owner=form.owner.data,
        outcome=form.outcome.data,
        target_on=form.target_on.data,
        issue_id=form.issue_id.data or None,
        task_group_id=form.task_group_id.data or None,
        status=form.status.data,
        linked_kind=form.linked_kind.data or None,
        linked_id=form.linked_id.data,
    )


@bp.route("/items/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_item():
    form = WorkItemForm()
    _item_form(form)
    if request.method == "GET" and request.args.get("issue_id", type=int):
        issue = db.session.get(Issue, request.args.get("issue_id", type=int))  # another network's: not found
        if issue is not None:
            form.issue_id.data, form.title.data = issue.id, issue.title
            if issue.id not in dict(form.issue_id.choices):
                form.issue_id.choices.append((issue.id, issue.title))
    if form.validate_on_submit():
        try:
            item = services.add_item(**_item_values(form))
            db.session.commit()
            flash(f"‘{item.title}’ has been added to the work programme.", "success")
            return redirect(url_for("workprogramme.index"))
        except ServiceError as exc:
            db.session.rollback()
            _field_error(form, exc, "title")
    return render_template("workprogramme/item_form.html", form=form, item=None)


@bp.route("/items/<int:work_item_id>", methods=["GET", "POST"])
@routing.require_roles(MEMBER_ROLES)
def item(work_item_id: int):
    work_item = routing.get_or_404(WorkItem, work_item_id)
    form = StatusForm(status=work_item.status)
    if request.method == "POST":
        if not _is_staff():
            abort(403)  # members read the item; only staff change its status
        if form.validate_on_submit():
            services.set_status(work_item, form.status.data)
            db.session.commit()
            flash(f"‘{work_item.title}’ is now {work_item.status_label.lower()}.", "success")
            return redirect(url_for("workprogramme.item", work_item_id=work_item.id))
    return render_template(
        "workprogramme/item.html", item=work_item, form=form, is_staff=_is_staff(), link_kinds=LINK_KINDS
    )


@bp.route("/items/<int:work_item_id>/edit", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def edit_item(work_item_id: int):
    work_item = routing.get_or_404(WorkItem, work_item_id)
    form = WorkItemForm(obj=work_item)
    _item_form(form)
    if work_item.task_group and work_item.task_group_id not in dict(form.task_group_id.choices):
        form.task_group_id.choices.append((work_item.task_group_id, work_item.task_group.name))
    if request.method == "GET":
        form.issue_id.data, form.task_group_id.data = work_item.issue_id or 0, work_item.task_group_id or 0
    if form.validate_on_submit():
        try:
            services.update_item(work_item, **_item_values(form))
            db.session.commit()
            flash(f"‘{work_item.title}’ has been updated.", "success")
            return redirect(url_for("workprogramme.item", work_item_id=work_item.id))
        except ServiceError as exc:
            db.session.rollback()
            _field_error(form, exc, "title")
    return render_template("workprogramme/item_form.html", form=form, item=work_item)


def _member_choices(group: TaskGroup | None = None) -> list[tuple[int, str]]:
    people = db.session.scalars(select(Person).where(Person.status == "active").order_by(Person.name)).all()
    choices = [(p.id, p.name) for p in people]
    for m in group.memberships if group else []:  # a member who has since left stays listed until removed
        if m.person_id not in dict(choices):
            choices.append((m.person_id, m.person.display_name))
    return choices


@bp.route("/groups/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_group():
    form = TaskGroupForm()
    form.member_ids.choices = _member_choices()
    if form.validate_on_submit():
        try:
            group = services.add_task_group(
                name=form.name.data, purpose=form.purpose.data or "", member_ids=form.member_ids.data or []
            )
            db.session.commit()
            flash(f"The task group ‘{group.name}’ has been set up.", "success")
            return redirect(url_for("workprogramme.group", task_group_id=group.id))
        except ServiceError as exc:
            db.session.rollback()
            _field_error(form, exc, "name")
    return render_template("workprogramme/group_form.html", form=form, group=None)


@bp.route("/groups/<int:task_group_id>")
@routing.require_roles(MEMBER_ROLES)
def group(task_group_id: int):
    return render_template(
        "workprogramme/group.html", group=routing.get_or_404(TaskGroup, task_group_id), is_staff=_is_staff()
    )


@bp.route("/groups/<int:task_group_id>/edit", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def edit_group(task_group_id: int):
    task_group = routing.get_or_404(TaskGroup, task_group_id)
    form = TaskGroupForm(obj=task_group)
    form.member_ids.choices = _member_choices(task_group)
    if form.validate_on_submit():
        try:
            services.update_task_group(
                task_group, name=form.name.data, purpose=form.purpose.data or "", member_ids=form.member_ids.data or []
            )
            db.session.commit()
            flash(f"The task group ‘{task_group.name}’ has been updated.", "success")
            return redirect(url_for("workprogramme.group", task_group_id=task_group.id))
        except ServiceError as exc:
            db.session.rollback()
            _field_error(form, exc, "name")
    return render_template("workprogramme/group_form.html", form=form, group=task_group)


@bp.route("/items/<int:work_item_id>/achieved", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def achieved(work_item_id: int):
    """Record what the work item actually achieved (beside the outcome it aimed for)."""
    work_item = routing.get_or_404(WorkItem, work_item_id)
    form = AchievedForm(data=None if request.method == "POST" else {"achieved": work_item.achieved})
    if form.validate_on_submit():
        try:
            services.record_achievement(work_item, form.achieved.data)
            db.session.commit()
            flash("What the work achieved has been saved. It shows on the public work programme.", "success")
            return redirect(url_for("workprogramme.item", work_item_id=work_item.id))
        except ServiceError as exc:
            db.session.rollback()
            _field_error(form, exc, "achieved")
    return render_template("workprogramme/achieved_form.html", form=form, item=work_item)


@bp.route("/public")
@routing.public  # what the network is working on and what it achieved: no owners' names, no feedback
def public():
    return render_template("workprogramme/public.html", items=reporting.items(), progress=reporting.progress())


def _public_links(network):
    return [{"href": url_for("workprogramme.public", network_slug=network.slug), "text": "What we are working on"}]


shell.public_link_providers.append(_public_links)
