"""Issue pages: triage (suggested groups), the issue page with its figures, trigger points."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from linkhub.platform import routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.tenants.directory.models import Provider
from linkhub.tenants.feedback.models import THEMES, Feedback

from . import dashboard  # noqa: F401  registers the dashboard panel
from . import services
from .services import triggers
from linkhub.tenants.common.pages import form_page

from .forms import ClassifyForm, IssueForm, ReferencesForm, StatusForm, TriggerRuleForm
from .models import ISSUE_STATUSES, Issue, TriggerFiring, TriggerRule

bp = routing.network_blueprint("issues", __name__, "/issues", template_folder="templates")


def _nav(network, roles):
    return [{"href": url_for("issues.index", network_slug=network.slug), "text": "Issues"}]


shell.nav_providers.append(_nav)


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    status = request.args.get("status", "")
    query = select(Issue).order_by(Issue.flagged_at.desc().nulls_last(), Issue.created_at.desc())
    if status in ISSUE_STATUSES:
        query = query.where(Issue.status == status)
    issues = db.session.scalars(query.limit(200)).all()
    counts = {i.id: i.grouped_count for i in issues}  # kept by services.add_feedback
    return render_template(
        "issues/index.html",
        issues=issues,
        counts=counts,
        statuses=ISSUE_STATUSES,
        status=status,
        suggestions=services.suggested_groups(),
        window=services.SUGGESTION_WINDOW,
        is_staff=bool(routing.roles() & STAFF_ROLES),
    )


@bp.route("/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new():
    form = IssueForm()
    form.provider_id.choices = [(0, "No one provider")] + [
        (p.id, p.name) for p in db.session.scalars(select(Provider).order_by(Provider.name))
    ]
    if request.method == "GET":  # pre-filled from a suggested group
        form.theme.data = request.args.get("theme", "")
        form.provider_id.data = request.args.get("provider_id", 0, type=int)
        if form.theme.data in THEMES:
            provider = db.session.get(Provider, form.provider_id.data) if form.provider_id.data else None
            form.title.data = f"{THEMES[form.theme.data]} – {provider.name if provider else 'several services'}"
    if form.validate_on_submit():
        try:
            issue = services.create_issue(
                title=form.title.data,
                theme=form.theme.data,
                provider_id=form.provider_id.data or None,
                summary=form.summary.data or "",
                created_by=current_user,
            )
            grouped = db.session.scalars(
                select(Feedback.id).where(
                    Feedback.issue_id.is_(None),
                    Feedback.theme == issue.theme,
                    Feedback.provider_id == issue.provider_id if issue.provider_id else Feedback.provider_id.is_(None),
                )
            ).all()
            if grouped and request.form.get("group") == "yes":
                services.add_feedback(issue, grouped)
            db.session.commit()
            if grouped and request.form.get("group") == "yes":
                flash(
                    ngettext(
                        "The issue has been created with %(num)d piece of feedback.",
                        "The issue has been created with %(num)d pieces of feedback.",
                        len(grouped),
                    ),
                    "success",
                )
            else:
                flash("The issue has been created.", "success")
            return redirect(url_for("issues.show", issue_id=issue.id))
        except ServiceError as exc:
            db.session.rollback()
            getattr(form, exc.field if hasattr(form, exc.field or "") else "title").errors.append(exc.message)
    return render_template("issues/new.html", form=form, group=request.args.get("group", "yes"))


@bp.route("/<int:issue_id>", methods=["GET", "POST"])
@routing.require_roles(MEMBER_ROLES)
def show(issue_id: int):
    issue = routing.get_or_404(Issue, issue_id)
    form = StatusForm(status=issue.status)
    is_staff = bool(routing.roles() & STAFF_ROLES)
    if request.method == "POST" and is_staff and form.validate_on_submit():
        services.set_status(issue, form.status.data)
        db.session.commit()
        flash(f"The issue is now {issue.status_label.lower()}.", "success")
        return redirect(url_for("issues.show", issue_id=issue.id))
    return _show_page(issue, form, ReferencesForm(formdata=None))


@bp.route("/<int:issue_id>/classify", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@routing.loads(Issue, "issue_id")
def classify(issue):
    form = ClassifyForm(scope=issue.scope or "", care_sector=issue.care_sector or "")
    back = url_for("issues.show", issue_id=issue.id)
    return form_page(
        form,
        lambda: services.classify(issue, scope=form.scope.data or None, care_sector=form.care_sector.data or None),
        success="The issue's classification has been saved.",
        then=lambda i: back,
        title="Classify the issue",
        caption=issue.title,
        back=back,
    )


def _show_page(issue: Issue, form, references_form):
    feedback = db.session.scalars(
        select(Feedback).where(Feedback.issue_id == issue.id).order_by(Feedback.received_at.desc()).limit(100)
    ).all()
    firings = db.session.scalars(
        select(TriggerFiring).where(TriggerFiring.issue_id == issue.id).order_by(TriggerFiring.fired_at.desc())
    ).all()
    return render_template(
        "issues/show.html",
        issue=issue,
        form=form,
        references_form=references_form,
        is_staff=bool(routing.roles() & STAFF_ROLES),
        feedback=feedback,
        breakdown=services.breakdown(issue.id),
        timeline=services.timeline(issue.id),
        channels=services.channels(issue.id),
        firings=firings,
    )


@bp.route("/<int:issue_id>/feedback", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def add_feedback(issue_id: int):
    """One wrong reference keeps what was typed and says which reference was not found."""
    issue = routing.get_or_404(Issue, issue_id)
    references_form = ReferencesForm()
    if references_form.validate_on_submit():
        try:
            added = services.add_feedback_by_reference(
                issue,
                references_form.references.data,
                move=request.form.get("move") == "yes",
                other_provider=request.form.get("other_provider") == "yes",
            )
            db.session.commit()
            flash(
                ngettext(
                    "%(num)d piece of feedback has been added to this issue.",
                    "%(num)d pieces of feedback have been added to this issue.",
                    added,
                ),
                "success",
            )
            return redirect(url_for("issues.show", issue_id=issue.id))
        except services.ConfirmationNeeded as needed:  # moving feedback between issues is said out loud
            db.session.rollback()
            return render_template(
                "issues/confirm_feedback.html",
                issue=issue,
                references=references_form.references.data,
                moves=needed.moves,
                other_provider=needed.other_provider,
            )
        except ServiceError as exc:
            db.session.rollback()
            references_form.references.errors = list(references_form.references.errors) + [exc.message]
    return _show_page(issue, StatusForm(formdata=None, status=issue.status), references_form), 422


@bp.route("/triggers", methods=["GET", "POST"])
@routing.require_roles(MEMBER_ROLES)
def trigger_points():
    form = TriggerRuleForm()
    is_staff = bool(routing.roles() & STAFF_ROLES)
    if request.method == "POST" and is_staff and form.validate_on_submit():
        try:
            triggers.add_rule(
                name=form.name.data,
                kind=form.kind.data,
                threshold=form.threshold.data,
                window_days=form.window_days.data,
            )
            db.session.commit()
            flash("The trigger point has been added. It is checked on new feedback and every 15 minutes.", "success")
            return redirect(url_for("issues.trigger_points"))
        except ServiceError as exc:
            db.session.rollback()
            getattr(form, exc.field).errors.append(exc.message)
    rules = db.session.scalars(select(TriggerRule).order_by(TriggerRule.name)).all()
    firings = db.session.scalars(select(TriggerFiring).order_by(TriggerFiring.fired_at.desc()).limit(50)).all()
    issues = {i.id: i for i in db.session.scalars(select(Issue).where(Issue.id.in_([f.issue_id for f in firings])))}
    return render_template(
        "issues/triggers.html", form=form, rules=rules, firings=firings, issues=issues, is_staff=is_staff
    )
