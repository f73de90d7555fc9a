"""Pages of the network's side of sharing (``/networks/<slug>/federation/...``): the network's
working groups and their agreements (network admins accept), sharing an issue, reviewing the
scrubbed text beside the original and approving it, withdrawing, approving joint reports, and
issues by pathway (the network's issues with the pathway and stage each is tagged with, filtered
by pathway and stage; staff tag, change or clear on every row).

Filters forgive (an unknown pathway shows every issue, a stage not on the chosen pathway is
dropped): they are links people edit and keep. The pages across networks are federation's.
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user
from linkhub.platform.forms import FlaskForm
from sqlalchemy import func, select

from linkhub.federation import public as federation
from linkhub.platform import routing, shell
from linkhub.platform.auth import ADMIN_ROLES, MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db, find_by_id
from linkhub.platform.services import ServiceError
from linkhub.tenants.issues.models import Issue

from . import queries, services
from .forms import IssuePathwayForm
from .models import ShareRequest

network_bp = routing.network_blueprint("federation_network", __name__, "/federation", template_folder="templates")


def _nav(network, roles):
    return [{"href": url_for("federation_network.index", network_slug=network.slug), "text": "Working groups"}]


shell.nav_providers.append(_nav)


def _my_groups() -> list[federation.WorkingGroup]:
    return federation.groups_of(g.network.id)


def _member_group_or_404(group_id: int) -> federation.WorkingGroup:
    try:
        return federation.member_group(group_id, g.network.id)
    except ServiceError:
        abort(404)


@network_bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    shares = db.session.scalars(select(ShareRequest).order_by(ShareRequest.created_at.desc())).all()
    issues = db.session.scalars(select(Issue).where(Issue.status != "closed").order_by(Issue.title)).all()
    groups = _my_groups()
    reports = federation.draft_reports_of(groups)
    return render_template(
        "sharing/network_index.html",
        groups=groups,
        shares=shares,
        issues=issues,
        reports=reports,
        is_admin=bool(routing.roles() & ADMIN_ROLES),
        is_staff=bool(routing.roles() & STAFF_ROLES),
        form=FlaskForm(),
    )


@network_bp.route("/groups/<int:group_id>/accept", methods=["POST"])
@routing.require_roles(ADMIN_ROLES)
def accept(group_id: int):
    group = _member_group_or_404(group_id)
    if FlaskForm().validate_on_submit():
        try:
            federation.accept_agreement(group, g.network, current_user)
            db.session.commit()
            flash(f"Your network has accepted version {group.current_agreement.version} of the agreement.", "success")
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
    return redirect(url_for("federation_network.index"))


@network_bp.route("/issues/<int:issue_id>/share", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def share(issue_id: int):
    issue = routing.get_or_404(Issue, issue_id)
    groups, error, status = _my_groups(), None, 200
    # What staff chose, else the issue's tagged stage (in a group that follows its pathway).
    chosen = request.form.get("target") or queries.share_target(issue.id, groups)
    if request.method == "POST" and FlaskForm().validate_on_submit():
        group_id, _, stage = request.form.get("target", "").partition(":")
        if not group_id.isdigit():
            error = "Choose a working group and the stage of its pathway"
        else:
            group = _member_group_or_404(int(group_id))
            try:
                draft = services.start_share(issue, group, stage, current_user)
                db.session.commit()
                return redirect(url_for("federation_network.review", share_id=draft.id))
            except ServiceError as exc:
                db.session.rollback()
                error, status = exc.message, exc.status
    return render_template(
        "sharing/share.html",
        issue=issue,
        groups=groups,
        error=error,
        chosen=chosen,
        tag=queries.tag_of(issue.id),
        form=FlaskForm(),
    ), status


@network_bp.route("/shares/<int:share_id>", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def review(share_id: int):
    draft = routing.get_or_404(ShareRequest, share_id)
    title, text, error, findings, status = draft.title, draft.text, None, [], 200
    if request.method == "POST" and FlaskForm().validate_on_submit():
        title, text = request.form.get("title", ""), request.form.get("text", "")
        try:
            services.approve_share(
                draft,
                title=title,
                text=text,
                user=current_user,
                confirm_identifiers=request.form.get("confirm") == "yes",
            )
            db.session.commit()
            flash(f"‘{draft.title}’ has been shared with {draft.working_group.name}.", "success")
            return redirect(url_for("federation_network.index"))
        except services.IdentifiersFound as exc:
            db.session.rollback()
            error, findings = exc.message, exc.findings
        except ServiceError as exc:
            db.session.rollback()
            error, status = exc.message, exc.status
    elif request.method == "GET":
        findings = federation.find_identifiers(title + "\n" + text)
    notes = federation.review_text(draft.original_title + "\n" + (draft.original_text or ""))
    return render_template(
        "sharing/review.html",
        share=draft,
        title=title,
        text=text,
        error=error,
        findings=findings,
        changes=notes.changes,
        flags=notes.flags,
        form=FlaskForm(),
    ), status


@network_bp.route("/shares/<int:share_id>/withdraw", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def withdraw(share_id: int):
    draft = routing.get_or_404(ShareRequest, share_id)
    if FlaskForm().validate_on_submit():
        services.withdraw_share(draft, current_user)
        db.session.commit()
        flash(f"‘{draft.title}’ has been withdrawn from {draft.working_group.name}.", "success")
    return redirect(url_for("federation_network.index"))


@network_bp.route("/reports/<int:joint_report_id>/approve", methods=["POST"])
@routing.require_roles(ADMIN_ROLES)
def approve_report(joint_report_id: int):
    found = find_by_id(federation.JointReport, joint_report_id)
    if found is None or g.network.id not in found.working_group.member_network_ids:
        abort(404)
    if FlaskForm().validate_on_submit():
        try:
            federation.approve_joint_report(found, g.network, current_user)
            db.session.commit()
            flash(
                "Your network has approved the joint report."
                + (" Every member network has approved it: it is published." if found.status == "published" else ""),
                "success",
            )
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
    return redirect(url_for("federation_network.index"))


# --- issues by pathway -----------------------------------------------------------------------

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
    pathways = federation.pathways()
    chosen = _filters(pathways)
    query = queries.issues_query(chosen["pathway"], chosen["stage"])
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))
    rows = queries.with_tags(db.session.scalars(query.limit(PER_PAGE).offset((chosen["page"] - 1) * PER_PAGE)).all())
    return render_template(
        "sharing/issues_by_pathway.html",
        rows=rows,
        total=total,
        per_page=PER_PAGE,
        pathways=pathways,
        filters=chosen,
        stages=_stage_options(pathways, chosen["pathway"]),
        is_staff=bool(routing.roles() & STAFF_ROLES),
        tag_form=IssuePathwayForm().fill(pathways),
        form=FlaskForm(),
    )


def _back_to_list(issue_id: int):
    """Back to the list with the filters the person came from (ours: built here, never a URL
    from the form), at the row they changed."""
    args = {k: request.form.get(f"back_{k}", "").strip() for k in FILTERS}
    return redirect(
        url_for(
            "federation_network.issues_by_pathway",
            _anchor=f"issue-{issue_id}",
            **{k: v for k, v in args.items() if v and len(v) <= 60},
        )
    )


@network_bp.route("/issues/<int:issue_id>/pathway", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def tag_issue(issue_id: int):
    """One issue's tag on a page of its own: reached without JavaScript from the list, and where
    a refused choice is shown with the error summary."""
    issue = routing.get_or_404(Issue, issue_id)
    tag = queries.tag_of(issue.id)
    form = IssuePathwayForm().fill(federation.pathways())
    if request.method == "GET" and tag is not None:
        form.stage.data = f"{tag.pathway.slug}:{tag.stage.slug}"
    if form.validate_on_submit():
        pathway, stage = form.slugs()
        try:
            tag = services.tag_issue(issue, pathway=pathway, stage=stage, user=current_user)
            db.session.commit()
            flash(f"‘{issue.title}’ is tagged {tag.pathway.name}: {tag.stage.name}.", "success")
            return _back_to_list(issue.id)
        except ServiceError as exc:
            db.session.rollback()
            form.stage.errors = list(form.stage.errors) + [exc.message]
    status = 422 if form.errors else 200
    return render_template("sharing/issue_pathway.html", issue=issue, tag=tag, form=form), status


@network_bp.route("/issues/<int:issue_id>/pathway/clear", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def clear_tag(issue_id: int):
    issue = routing.get_or_404(Issue, issue_id)
    if FlaskForm().validate_on_submit():
        if services.clear_tag(issue, current_user):
            db.session.commit()
            flash(f"‘{issue.title}’ is no longer tagged with a pathway.", "success")
    return _back_to_list(issue.id)
