"""Federation pages.

Inside a network (``/networks/<slug>/federation/...``): the network's working groups and their
agreements (network admins accept), sharing an issue, reviewing the scrubbed text beside the
original and approving it, withdrawing, approving joint reports (issues by pathway, the tags, are
in ``issue_tag_views``). Across networks (``/federation/...``): working groups' pathway views,
shared issues and joint reports, for members of member networks and national readers; a published
joint report is public until unpublished.
The operator's pages for pathways, groups and agreements are in ``operator/``.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select

from linkhub.platform import routing, shell
from linkhub.platform.auth import ADMIN_ROLES, MEMBER_ROLES, STAFF_ROLES, principal
from linkhub.platform.charts import bar_chart
from linkhub.platform.db import db, find_by_id
from linkhub.platform.services import ServiceError
from linkhub.tenants.issues.models import Issue

from . import access, issue_tags, joint_reports, pathway_view, services
from .anonymise import find_identifiers
from .forms import UnpublishForm
from .models import JointReport, ShareRequest, SharedIssue, WorkingGroup, WorkingGroupMember

network_bp = routing.network_blueprint("federation_network", __name__, "/federation", template_folder="templates")
bp = Blueprint("federation", __name__, url_prefix="/federation", template_folder="templates")


def _nav(network, roles):
    return [{"href": url_for("federation_network.index", network_slug=network.slug), "text": "Working groups"}]


shell.nav_providers.append(_nav)


def _my_groups() -> list[WorkingGroup]:
    return list(db.session.scalars(select(WorkingGroup).join(WorkingGroupMember)
                                   .where(WorkingGroupMember.network_id == g.network.id).order_by(WorkingGroup.name)))


def _member_group_or_404(group_id: int) -> WorkingGroup:
    try:
        return services.member_group(group_id, g.network.id)
    except ServiceError:
        abort(404)


@network_bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    shares = db.session.scalars(select(ShareRequest).order_by(ShareRequest.created_at.desc())).all()
    issues = db.session.scalars(select(Issue).where(Issue.status != "closed").order_by(Issue.title)).all()
    groups = _my_groups()
    reports = db.session.scalars(select(JointReport).where(
        JointReport.working_group_id.in_([grp.id for grp in groups]), JointReport.status == "draft")
        .order_by(JointReport.created_at)).all()
    return render_template("federation/network_index.html", groups=groups, shares=shares, issues=issues, reports=reports,
                           is_admin=bool(routing.roles() & ADMIN_ROLES), is_staff=bool(routing.roles() & STAFF_ROLES),
                           form=FlaskForm())


@network_bp.route("/groups/<int:group_id>/accept", methods=["POST"])
@routing.require_roles(ADMIN_ROLES)
def accept(group_id: int):
    group = _member_group_or_404(group_id)
    if FlaskForm().validate_on_submit():
        try:
            services.accept_agreement(group, g.network, current_user)
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
    chosen = request.form.get("target") or issue_tags.share_target(issue.id, groups)
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
    return render_template("federation/share.html", issue=issue, groups=groups, error=error, chosen=chosen,
                           tag=issue_tags.tag_of(issue.id), form=FlaskForm()), status


@network_bp.route("/shares/<int:share_id>", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def review(share_id: int):
    draft = routing.get_or_404(ShareRequest, share_id)
    title, text, error, findings, status = draft.title, draft.text, None, [], 200
    if request.method == "POST" and FlaskForm().validate_on_submit():
        title, text = request.form.get("title", ""), request.form.get("text", "")
        try:
            services.approve_share(draft, title=title, text=text, user=current_user,
                                   confirm_identifiers=request.form.get("confirm") == "yes")
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
        findings = find_identifiers(title + "\n" + text)
    return render_template("federation/review.html", share=draft, title=title, text=text, error=error,
                           findings=findings, form=FlaskForm()), status


@network_bp.route("/shares/<int:share_id>/withdraw", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def withdraw(share_id: int):
    draft = routing.get_or_404(ShareRequest, share_id)
    if FlaskForm().validate_on_submit():
        services.withdraw_share(draft, current_user)
        db.session.commit()
        flash(f"‘{draft.title}’ has been withdrawn from {draft.working_group.name}.", "success")
    return redirect(url_for("federation_network.index"))


# --- across networks ---------------------------------------------------------------------------

def _visible_group_or_404(group_id: int) -> WorkingGroup:
    group = find_by_id(WorkingGroup, group_id)
    if group is None or not access.can_see_group(principal(), group):
        abort(404)
    return group


def _filters() -> dict:
    return {key: request.args.get(key, "").strip() for key in pathway_view.FILTERS}


@bp.route("/groups")
@login_required
def groups():
    visible = access.visible_working_group_ids(principal())
    query = select(WorkingGroup).order_by(WorkingGroup.name)
    if visible is not None:
        query = query.where(WorkingGroup.id.in_(visible))
    return render_template("federation/groups.html", groups=db.session.scalars(query).all())


@bp.route("/groups/<int:group_id>")
@login_required
def group(group_id: int):
    group = _visible_group_or_404(group_id)
    view = pathway_view.build(group, _filters())
    charts = {t.name: bar_chart(f"Shared issues by {t.title.lower()}", pathway_view.chart_rows(t)) for t in view.tables}
    issues = [i for i in pathway_view.live_issues(group) if pathway_view._keep(i, view.filters)]
    themes = sorted({i.theme for i in pathway_view.live_issues(group)})
    reports = db.session.scalars(select(JointReport).where(JointReport.working_group_id == group.id)
                                 .order_by(JointReport.created_at.desc())).all()
    return render_template("federation/group.html", group=group, view=view, charts=charts, issues=issues,
                           themes=themes, filters=_filters(), reports=reports, can_draft=access.can_draft(principal(), group),
                           may_unpublish=joint_reports.may_unpublish(principal(), group))


@bp.route("/groups/<int:group_id>/pathway.csv")
@login_required
def group_csv(group_id: int):
    group = _visible_group_or_404(group_id)
    response = Response(pathway_view.to_csv(group, pathway_view.build(group, _filters())), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="working-group-{group.id}-pathway.csv"'
    return response


def visible_shared_issue(shared_issue_id: int) -> SharedIssue:
    """404 unless the person may see the group; 410 once withdrawn (the copy is gone)."""
    issue = find_by_id(SharedIssue, shared_issue_id)
    if issue is None or not access.can_see_group(principal(), issue.working_group):
        abort(404)
    if issue.withdrawn:
        abort(410, "The network that shared this issue has withdrawn it.")
    return issue


@bp.route("/shared-issues/<int:shared_issue_id>")
@login_required
def shared_issue(shared_issue_id: int):
    issue = visible_shared_issue(shared_issue_id)
    if issue.superseded_by_id is not None:  # corrected: the newest version speaks
        return redirect(url_for("federation.shared_issue", shared_issue_id=issue.superseded_by_id))
    threshold = pathway_view.threshold_of(issue.working_group)
    counts = {k: pathway_view._cell(getattr(issue, k), getattr(issue, k) < threshold and getattr(issue, k) > 0,
                                    threshold, False)
              for k in ("feedback_count", "people_count")}
    return render_template("federation/shared_issue.html", issue=issue, counts=counts)


# --- joint reports -----------------------------------------------------------------------------

def _drafting_network_or_403(group: WorkingGroup):
    if not access.can_draft(principal(), group):
        abort(403)


@bp.route("/groups/<int:group_id>/reports/new", methods=["GET", "POST"])
@login_required
def new_report(group_id: int):
    group = _visible_group_or_404(group_id)
    _drafting_network_or_403(group)
    issues, error, findings = pathway_view.live_issues(group), None, []
    values = {"title": "", "summary": "", "body": "", "ids": []}
    if request.method == "POST" and FlaskForm().validate_on_submit():
        values = {"title": request.form.get("title", ""), "summary": request.form.get("summary", ""),
                  "body": request.form.get("body", ""),
                  "ids": [int(i) for i in request.form.getlist("shared_issue_ids") if i.isdigit()]}
        try:
            report = joint_reports.draft(group, title=values["title"], summary=values["summary"], body=values["body"],
                                         shared_issue_ids=values["ids"], user=current_user,
                                         confirm_identifiers=request.form.get("confirm") == "yes")
            db.session.commit()
            flash("The joint report is drafted. Each member network's admin must now approve it.", "success")
            return redirect(url_for("federation.report", public_ref=report.public_ref))
        except services.IdentifiersFound as exc:
            db.session.rollback()
            error, findings = exc.message, exc.findings
        except ServiceError as exc:
            db.session.rollback()
            error = exc.message
    return render_template("federation/report_form.html", group=group, issues=issues, values=values, error=error,
                           findings=findings, form=FlaskForm()), 200 if error is None else 422


def _joint_report_or_404(public_ref: str) -> JointReport:
    """Published: public. A draft: only the group's members and national readers. Unpublished: 410."""
    found = db.session.scalar(select(JointReport).where(JointReport.public_ref == public_ref))
    if found is None or (found.status == "draft" and not access.can_see_group(principal(), found.working_group)):
        abort(404)
    if found.status == "unpublished":
        abort(410, "This joint report has been unpublished.")
    return found


@bp.route("/reports/<public_ref>")
def report(public_ref: str):
    found = _joint_report_or_404(public_ref)
    return render_template("federation/report.html", report=found, issues=joint_reports.live_issues_of(found),
                           may_unpublish=found.status == "published" and joint_reports.may_unpublish(principal(), found.working_group))


@bp.route("/reports/<public_ref>/unpublish", methods=["GET", "POST"])
@login_required
def unpublish_report(public_ref: str):
    """Check, give a reason, confirm: the convenor network's admins and operators."""
    found = _joint_report_or_404(public_ref)
    if not access.can_see_group(principal(), found.working_group):
        abort(404)
    if not joint_reports.may_unpublish(principal(), found.working_group):
        abort(403)
    form, status = UnpublishForm(), 200
    if found.status != "published":
        form.reason.errors, status = ["Only a published joint report can be unpublished"], 409
    elif form.validate_on_submit():
        joint_reports.unpublish(found, current_user, reason=form.reason.data)
        db.session.commit()
        flash(f"‘{found.title}’ has been unpublished: its page is gone and it has left the reports library.", "success")
        return redirect(url_for("federation.group", group_id=found.working_group_id))
    return render_template("federation/unpublish.html", report=found, form=form), status


@network_bp.route("/reports/<int:joint_report_id>/approve", methods=["POST"])
@routing.require_roles(ADMIN_ROLES)
def approve_report(joint_report_id: int):
    found = find_by_id(JointReport, joint_report_id)
    if found is None or g.network.id not in found.working_group.member_network_ids:
        abort(404)
    if FlaskForm().validate_on_submit():
        try:
            joint_reports.approve(found, g.network, current_user)
            db.session.commit()
            flash("Your network has approved the joint report." +
                  (" Every member network has approved it: it is published." if found.status == "published" else ""),
                  "success")
        except ServiceError as exc:
            db.session.rollback()
            flash(exc.message, "error")
    return redirect(url_for("federation_network.index"))


from . import issue_tag_views  # noqa: E402,F401  its routes (issues by pathway) are on network_bp
