"""Pages of reports: drafting, two-person approval, sending, responses, impact, publishing."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from sqlalchemy import select

from linkhub.platform import clock, markdown, routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, current_user_id
from linkhub.platform.db import db
from linkhub.platform.routing import loads
from linkhub.tenants.common.forms import ConfirmForm
from linkhub.tenants.common.models import Organisation
from linkhub.tenants.common.pages import button, form_page
from linkhub.tenants.directory.models import Provider

from . import forms, readability, services

from .services import publishing
from .models import Recommendation, Report, ReportRecipient

bp = routing.network_blueprint("reports", __name__, "/reports", template_folder="templates")


def _nav(network, roles):
    return [{"href": url_for("reports.index", network_slug=network.slug), "text": "Reports"}]


shell.nav_providers.append(_nav)


def _can_edit() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


def _organisations():
    return [(o.id, o.name) for o in db.session.scalars(select(Organisation).order_by(Organisation.name))]


@bp.route("/")
@routing.require_roles(MEMBER_ROLES)
def index():
    rows = db.session.scalars(select(Report).order_by(Report.id.desc())).all()
    return render_template("reports/index.html", reports=rows, can_edit=_can_edit())


@bp.route("/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_report():
    form = forms.ReportForm()
    return form_page(
        form,
        lambda: services.create_report(
            title=form.title.data,
            report_type=form.report_type.data,
            summary=form.summary.data or "",
            body=form.body.data or "",
            author_id=current_user_id(),
        ),
        success="Report saved as a draft.",
        then=lambda r: url_for("reports.report", report_id=r.id),
        title="New report",
        back=url_for("reports.index"),
    )


@bp.route("/you-said-we-did")
@routing.require_roles(MEMBER_ROLES)
def you_said_we_did():
    return render_template("reports/you_said_we_did.html", items=services.you_said_we_did())


@bp.route("/<int:report_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(Report, "report_id")
def report(report):
    return render_template(
        "reports/report.html",
        report=report,
        can_edit=_can_edit(),
        confirm=ConfirmForm(),
        me=current_user_id(),
        today=clock.today(),
        response_status=publishing.response_status(report),
        readability=readability.assess(report.summary),
    )


@bp.route("/<int:report_id>/easy-read", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def easy_read(report):
    form = forms.EasyReadForm(obj=report)
    preview = None
    back = url_for("reports.report", report_id=report.id)
    if form.validate_on_submit():
        if form.preview.data:
            preview = markdown.render(form.easy_read.data or "")
        else:
            publishing.set_easy_read(report, easy_read=form.easy_read.data or "")
            db.session.commit()
            flash("The easy read version has been saved.", "success")
            return redirect(back)
    return render_template(
        "reports/easy_read_form.html",
        form=form,
        report=report,
        back=back,
        preview=preview,
        readability=readability.assess(form.easy_read.data or ""),
    )


@bp.route("/<int:report_id>/edit", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def edit(report):
    form = forms.DraftForm(obj=report)
    back = url_for("reports.report", report_id=report.id)
    return form_page(
        form,
        lambda: services.update_draft(
            report, title=form.title.data, summary=form.summary.data or "", body=form.body.data or ""
        ),
        success="Draft saved.",
        then=lambda r: back,
        title="Edit the draft",
        caption=report.title,
        back=back,
    )


@bp.route("/<int:report_id>/correction", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def correction(report):
    form = forms.CorrectionForm(obj=report)
    back = url_for("reports.report", report_id=report.id)
    return form_page(
        form,
        lambda: publishing.correct(
            report,
            actor_id=current_user_id(),
            note=form.note.data,
            title=form.title.data,
            summary=form.summary.data or "",
            body=form.body.data or "",
        ),
        success="Correction saved; the history keeps the previous text.",
        then=lambda r: back,
        title="Correct the report",
        caption=report.title,
        back=back,
    )


@bp.route("/<int:report_id>/recommendations/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def new_recommendation(report):
    form = forms.RecommendationForm()
    form.organisation_id.choices = [(0, "Not yet decided")] + _organisations()
    back = url_for("reports.report", report_id=report.id)
    return form_page(
        form,
        lambda: services.add_recommendation(
            report, text=form.text.data, organisation_id=form.organisation_id.data or None
        ),
        success="Recommendation added.",
        then=lambda r: back,
        title="Add a recommendation",
        caption=report.title,
        back=back,
    )


@bp.route("/<int:report_id>/subjects/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def new_subject(report):
    form = forms.SubjectForm()
    choices = [("", "Choose a provider or service")]
    for provider in db.session.scalars(select(Provider).order_by(Provider.name)):
        choices.append((f"{provider.id}:", provider.name))
        choices += [(f"{provider.id}:{s.id}", f"{provider.name}: {s.name}") for s in provider.services]
    form.service_id.choices = choices
    back = url_for("reports.report", report_id=report.id)

    def add():
        provider_id, _, service_id = (form.service_id.data or "").partition(":")
        return services.add_subject(
            report, provider_id=int(provider_id or 0), service_id=int(service_id) if service_id else None
        )

    return form_page(
        form,
        add,
        success="Added.",
        then=lambda r: back,
        title="What the report is about",
        caption=report.title,
        back=back,
    )


@bp.route("/<int:report_id>/submit", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def submit(report):
    return button(
        lambda: services.submit_for_review(report),
        success="Sent for approval by a second person.",
        then=url_for("reports.report", report_id=report.id),
    )


@bp.route("/<int:report_id>/approve", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def approve(report):
    return button(
        lambda: services.approve(report, approver_id=current_user_id()),
        success="Report approved.",
        then=url_for("reports.report", report_id=report.id),
    )


@bp.route("/<int:report_id>/return", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def return_to_draft(report):
    form = forms.ReasonForm()
    back = url_for("reports.report", report_id=report.id)
    return form_page(
        form,
        lambda: services.return_to_draft(report, reason=form.reason.data),
        success="Returned to the author.",
        then=lambda r: back,
        title="Return the report to its author",
        caption=report.title,
        back=back,
    )


@bp.route("/<int:report_id>/send", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def send(report):
    from flask import request as http

    form = forms.SendForm(data=None if http.method == "POST" else {"sent_on": clock.today()})
    form.organisation_ids.choices = _organisations()
    back = url_for("reports.report", report_id=report.id)
    return form_page(
        form,
        lambda: services.send_report(report, organisation_ids=form.organisation_ids.data, sent_on=form.sent_on.data),
        success="Report sent. Each organisation has 20 working days to respond.",
        then=lambda r: back,
        title="Send the report",
        caption=report.title,
        back=back,
    )


@bp.route("/<int:report_id>/publish", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def publish(report):
    return button(
        lambda: publishing.publish(report, actor_id=current_user_id()),
        success="Report published.",
        then=url_for("reports.report", report_id=report.id),
    )


@bp.route("/<int:report_id>/unpublish", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
def unpublish(report):
    form = forms.ReasonForm()
    back = url_for("reports.report", report_id=report.id)
    return form_page(
        form,
        lambda: publishing.unpublish(report, actor_id=current_user_id(), note=form.reason.data),
        success="Report unpublished.",
        then=lambda r: back,
        title="Unpublish the report",
        caption=report.title,
        back=back,
    )


@bp.route("/recipients/<int:recipient_id>/response", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(ReportRecipient, "recipient_id")
def recipient_response(recipient):
    form = forms.RecipientResponseForm()
    back = url_for("reports.report", report_id=recipient.report_id)
    return form_page(
        form,
        lambda: services.record_recipient_response(
            recipient, responded_on=form.responded_on.data, response=form.response.data or ""
        ),
        success="Response recorded.",
        then=lambda r: back,
        title=f"Response from {recipient.organisation.name}",
        caption=recipient.report.title,
        back=back,
    )


@bp.route("/recipients/<int:recipient_id>/extension", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(ReportRecipient, "recipient_id")
def recipient_extension(recipient):
    from linkhub.tenants.common.forms import ExtensionForm

    form = ExtensionForm()
    back = url_for("reports.report", report_id=recipient.report_id)
    return form_page(
        form,
        lambda: services.extend_recipient(recipient, due_on=form.due_on.data, reason=form.reason.data),
        success="Extension recorded.",
        then=lambda r: back,
        title="Record an extension",
        caption=f"{recipient.report.title}: {recipient.organisation.name}",
        back=back,
    )


@bp.route("/recommendations/<int:recommendation_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(Recommendation, "recommendation_id")
def recommendation(recommendation):
    return render_template("reports/recommendation.html", item=recommendation, can_edit=_can_edit())


@bp.route("/recommendations/<int:recommendation_id>/response", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Recommendation, "recommendation_id")
def recommendation_response(recommendation):
    form = forms.RecommendationResponseForm()
    back = url_for("reports.recommendation", recommendation_id=recommendation.id)
    return form_page(
        form,
        lambda: services.record_recommendation_response(
            recommendation,
            response_status=form.response_status.data,
            responded_on=form.responded_on.data,
            response=form.response.data or "",
            action_promised=form.action_promised.data or "",
            follow_up_on=form.follow_up_on.data,
        ),
        success="Response recorded.",
        then=lambda r: back,
        title=f"Response to recommendation {recommendation.number}",
        caption=recommendation.report.title,
        back=back,
    )


@bp.route("/recommendations/<int:recommendation_id>/impact", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Recommendation, "recommendation_id")
def recommendation_impact(recommendation):
    form = forms.ImpactForm()
    back = url_for("reports.recommendation", recommendation_id=recommendation.id)
    return form_page(
        form,
        lambda: services.record_impact(recommendation, impact=form.impact.data, evidence=form.evidence.data or ""),
        success="Impact recorded.",
        then=lambda r: back,
        title=f"Impact of recommendation {recommendation.number}",
        caption=recommendation.report.title,
        back=back,
    )
