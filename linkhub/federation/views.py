"""Federation pages across networks (``/federation/...``): working groups' pathway views,
shared issues and joint reports, for members of member networks and national readers; a published
joint report is public until unpublished. A network's own side of sharing (agreements, shares,
reviews, issues by pathway) is in ``linkhub.tenants.sharing``.
The operator's pages for pathways, groups and agreements are in ``operator/``.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from linkhub.platform.forms import FlaskForm
from sqlalchemy import select

from linkhub.platform import clock, disclosure
from linkhub.platform.auth import principal
from linkhub.platform.charts import bar_chart
from linkhub.platform.db import db, find_by_id
from linkhub.platform.services import ServiceError

from . import access, pathway_view, services

from .services import joint_recommendations, joint_reports
from .forms import RecommendationForm, RecommendationImpactForm, RecommendationResponseForm, UnpublishForm
from .models import JointReport, SharedIssue, WorkingGroup

bp = Blueprint("federation", __name__, url_prefix="/federation", template_folder="templates")


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
    reports = db.session.scalars(
        select(JointReport).where(JointReport.working_group_id == group.id).order_by(JointReport.created_at.desc())
    ).all()
    return render_template(
        "federation/group.html",
        group=group,
        view=view,
        charts=charts,
        issues=issues,
        themes=themes,
        filters=_filters(),
        reports=reports,
        can_draft=access.can_draft(principal(), group),
        may_unpublish=joint_reports.may_unpublish(principal(), group),
    )


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
    counts = {k: disclosure.publish(getattr(issue, k), threshold) for k in ("feedback_count", "people_count")}
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
        values = {
            "title": request.form.get("title", ""),
            "summary": request.form.get("summary", ""),
            "body": request.form.get("body", ""),
            "ids": [int(i) for i in request.form.getlist("shared_issue_ids") if i.isdigit()],
        }
        try:
            report = joint_reports.draft(
                group,
                title=values["title"],
                summary=values["summary"],
                body=values["body"],
                shared_issue_ids=values["ids"],
                user=current_user,
                confirm_identifiers=request.form.get("confirm") == "yes",
            )
            db.session.commit()
            flash("The joint report is drafted. Each member network's admin must now approve it.", "success")
            return redirect(url_for("federation.report", public_ref=report.public_ref))
        except services.IdentifiersFound as exc:
            db.session.rollback()
            error, findings = exc.message, exc.findings
        except ServiceError as exc:
            db.session.rollback()
            error = exc.message
    return render_template(
        "federation/report_form.html",
        group=group,
        issues=issues,
        values=values,
        error=error,
        findings=findings,
        form=FlaskForm(),
    ), 200 if error is None else 422


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
    convenor_admin = joint_reports.may_unpublish(principal(), found.working_group) and access.can_see_group(
        principal(), found.working_group
    )
    return render_template(
        "federation/report.html",
        report=found,
        issues=joint_reports.live_issues_of(found),
        may_unpublish=found.status == "published" and convenor_admin,
        convenor_admin=convenor_admin,
        credit=joint_reports.credit(found.working_group),
        today=clock.today(),
    )


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


# --- recommendations of a joint report -----------------------------------------------------------


def _recommendation_page(public_ref: str, recommendation_id: int | None = None):
    """The report (and one of its recommendations): the convenor network's admins and operators."""
    found = _joint_report_or_404(public_ref)
    if not access.can_see_group(principal(), found.working_group):
        abort(404)
    if not joint_reports.may_unpublish(principal(), found.working_group):
        abort(403)
    if recommendation_id is None:
        return found, None
    recommendation = next((r for r in found.recommendations if r.id == recommendation_id), None)
    if recommendation is None:
        abort(404)
    return found, recommendation


def _save_recommendation(form, action, *, success: str, found: JointReport, template: str, **context):
    if form.validate_on_submit():
        try:
            action()
            db.session.commit()
            flash(success, "success")
            return redirect(url_for("federation.report", public_ref=found.public_ref) + "#recommendations")
        except ServiceError as exc:
            db.session.rollback()
            field = getattr(form, exc.field or "", None)
            (field or next(iter(form))).errors = list((field or next(iter(form))).errors) + [exc.message]
    return render_template(template, form=form, report=found, **context)


@bp.route("/reports/<public_ref>/recommendations/new", methods=["GET", "POST"])
@login_required
def new_recommendation(public_ref: str):
    found, _ = _recommendation_page(public_ref)
    form = RecommendationForm()
    return _save_recommendation(
        form,
        lambda: joint_recommendations.add(
            found,
            organisation=form.organisation.data,
            text=form.text.data,
            organisation_email=form.organisation_email.data or "",
            user=current_user,
        ),
        success="The recommendation has been added. It is sent when the report is published.",
        found=found,
        template="federation/recommendation_form.html",
        title="Add a recommendation",
    )


@bp.route("/reports/<public_ref>/recommendations/<int:recommendation_id>/response", methods=["GET", "POST"])
@login_required
def recommendation_response(public_ref: str, recommendation_id: int):
    found, recommendation = _recommendation_page(public_ref, recommendation_id)
    form = RecommendationResponseForm()
    return _save_recommendation(
        form,
        lambda: joint_recommendations.record_response(
            recommendation,
            response_status=form.response_status.data,
            responded_on=form.responded_on.data,
            response=form.response.data or "",
            user=current_user,
        ),
        success="The response has been recorded.",
        found=found,
        template="federation/recommendation_form.html",
        title="Record the response",
        recommendation=recommendation,
    )


@bp.route("/reports/<public_ref>/recommendations/<int:recommendation_id>/impact", methods=["GET", "POST"])
@login_required
def recommendation_impact(public_ref: str, recommendation_id: int):
    found, recommendation = _recommendation_page(public_ref, recommendation_id)
    form = RecommendationImpactForm()
    return _save_recommendation(
        form,
        lambda: joint_recommendations.record_impact(
            recommendation, impact=form.impact.data, recorded_on=None, user=current_user
        ),
        success="The impact has been recorded.",
        found=found,
        template="federation/recommendation_form.html",
        title="Record the impact",
        recommendation=recommendation,
    )
