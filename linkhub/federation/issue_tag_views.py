"""Issues by pathway (``/networks/<slug>/federation/issues``): the network's issues with the
pathway and stage each is tagged with, filtered by pathway and stage, and (staff) a form on every
row to tag, change or clear. Routes on the network federation blueprint (``views.network_bp``);
``views`` imports this module so they exist whichever is imported first.

Members may look; staff tag, as they share. Filters forgive (an unknown pathway shows every issue,
a stage not on the chosen pathway is dropped): they are links people edit and keep.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from linkhub.platform import routing
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.issues.models import Issue

from . import issue_tags
from .forms import IssuePathwayForm
from .views import network_bp

PER_PAGE = 50
FILTERS = ("pathway", "stage", "page")


def _filters(pathways) -> dict:
    """The GET filters, kept only when they mean something (see the module docstring)."""
    by_slug = {p.slug: p for p in pathways}
    pathway = by_slug.get(request.args.get("pathway", "").strip())
    stage = request.args.get("stage", "").strip()
    known = {s.slug for p in ([pathway] if pathway else pathways) for s in p.stages}
    page = request.args.get("page", 1, type=int) or 1
    return {"pathway": pathway, "stage": stage if stage in known else "", "page": min(max(page, 1), 100_000)}


def _stage_options(pathways, pathway) -> list[tuple[str, str]]:
    """The chosen pathway's stages; without one, each stage name once (in pathway order)."""
    seen: dict[str, str] = {}
    for p in [pathway] if pathway else pathways:
        for s in p.stages:
            seen.setdefault(s.slug, s.name)
    return list(seen.items())


@network_bp.route("/issues")
@routing.require_roles(MEMBER_ROLES)
def issues_by_pathway():
    pathways = issue_tags.pathways()
    chosen = _filters(pathways)
    query = issue_tags.issues_query(chosen["pathway"], chosen["stage"])
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = issue_tags.with_tags(db.session.scalars(query.limit(PER_PAGE).offset((chosen["page"] - 1) * PER_PAGE)).all())
    return render_template("federation/issues_by_pathway.html", rows=rows, total=total, per_page=PER_PAGE,
                           pathways=pathways, filters=chosen, stages=_stage_options(pathways, chosen["pathway"]),
                           is_staff=bool(routing.roles() & STAFF_ROLES), tag_form=IssuePathwayForm().fill(pathways),
                           form=FlaskForm())


def _back_to_list(issue_id: int):
    """Back to the list with the filters the person came from (ours: built here, never a URL
    from the form), at the row they changed."""
    args = {k: request.form.get(f"back_{k}", "").strip() for k in FILTERS}
    return redirect(url_for("federation_network.issues_by_pathway", _anchor=f"issue-{issue_id}",
                            **{k: v for k, v in args.items() if v and len(v) <= 60}))


@network_bp.route("/issues/<int:issue_id>/pathway", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def tag_issue(issue_id: int):
    """One issue's tag on a page of its own: reached without JavaScript from the list, and where
    a refused choice is shown with the error summary."""
    issue = routing.get_or_404(Issue, issue_id)
    tag = issue_tags.tag_of(issue.id)
    form = IssuePathwayForm().fill(issue_tags.pathways())
    if request.method == "GET" and tag is not None:
        form.stage.data = f"{tag.pathway.slug}:{tag.stage.slug}"
    if form.validate_on_submit():
        pathway, stage = form.slugs()
        try:
            tag = issue_tags.tag_issue(issue, pathway=pathway, stage=stage, user=current_user)
            db.session.commit()
            flash(f"‘{issue.title}’ is tagged {tag.pathway.name}: {tag.stage.name}.", "success")
            return _back_to_list(issue.id)
        except ServiceError as exc:
            db.session.rollback()
            form.stage.errors = list(form.stage.errors) + [exc.message]
    status = 422 if form.errors else 200
    return render_template("federation/issue_pathway.html", issue=issue, tag=tag, form=form), status


@network_bp.route("/issues/<int:issue_id>/pathway/clear", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def clear_tag(issue_id: int):
    issue = routing.get_or_404(Issue, issue_id)
    if FlaskForm().validate_on_submit():
        if issue_tags.clear_tag(issue, current_user):
            db.session.commit()
            flash(f"‘{issue.title}’ is no longer tagged with a pathway.", "success")
    return _back_to_list(issue.id)
