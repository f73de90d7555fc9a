"""API of reports and recommendations (staff write, members read)."""
from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import routing
from linkhub.platform.accounts.api import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, current_user_id
from linkhub.platform.db import db
from linkhub.platform.routing import loads
from linkhub.tenants.common.schemas import ExtensionSchema

from . import services

from .services import publishing
from .models import Recommendation, Report, ReportRecipient
from .schemas import (
    CorrectionSchema,
    DraftSchema,
    ImpactSchema,
    NoteSchema,
    ReasonSchema,
    RecipientResponseSchema,
    RecipientSchema,
    RecommendationResponseSchema,
    RecommendationSchema,
    ReportSchema,
    SendReportSchema,
    SubjectSchema,
)

blp = routing.network_api_blueprint("reports_api", __name__, "/reports",
                                    description="Reports with recommendations: review, sending, responses, publishing")


@blp.route("/")
class Reports(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(ReportSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        body, headers = paginate(db.session, select(Report).order_by(Report.id.desc()), args)
        return body, 200, headers

    @blp.arguments(ReportSchema)
    @blp.response(201, ReportSchema)
    @routing.require_roles(STAFF_ROLES)
    def post(self, data):
        return commit_or_abort(lambda: services.create_report(author_id=current_user_id(), **data))


@blp.route("/you-said-we-did")
@blp.arguments(PageArgs, location="query")
@blp.response(200, page_schema(RecommendationSchema))
@routing.require_roles(MEMBER_ROLES)
def you_said_we_did(args):
    query = select(Recommendation).where(Recommendation.impact != "").order_by(Recommendation.impact_recorded_on.desc())
    body, headers = paginate(db.session, query, args)
    return body, 200, headers


@blp.route("/<int:report_id>")
class OneReport(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @loads(Report, "report_id")
    @blp.response(200, ReportSchema)
    def get(self, report):
        return report

    @routing.require_roles(STAFF_ROLES)
    @loads(Report, "report_id")
    @blp.arguments(DraftSchema)
    @blp.response(200, ReportSchema)
    def patch(self, data, report):
        """Change a draft."""
        return commit_or_abort(lambda: services.update_draft(report, **data))


def _action(rule: str, schema, summary: str, action):
    """A POST on one report that runs ``action(report, data)`` and answers with the report."""

    @routing.require_roles(STAFF_ROLES)
    @loads(Report, "report_id")
    @blp.arguments(schema)
    @blp.response(200, ReportSchema)
    def view(data, report):
        commit_or_abort(lambda: action(report, data))
        return report

    view.__name__ = view.__qualname__ = "report_" + rule.replace("-", "_")
    view.__doc__ = summary
    blp.route(f"/<int:report_id>/{rule}", methods=["POST"], endpoint=view.__name__)(view)


_action("submit", NoteSchema, "Submit the draft for approval by a second person.",
        lambda r, d: services.submit_for_review(r))
_action("approve", NoteSchema, "Approve (the approver must not be the author).",
        lambda r, d: services.approve(r, approver_id=current_user_id()))
_action("return", ReasonSchema, "Return to the author as a draft.", lambda r, d: services.return_to_draft(r, **d))
_action("send", SendReportSchema, "Send to organisations: each gets 20 working days to respond.",
        lambda r, d: services.send_report(r, **d))
_action("publish", NoteSchema, "Publish (approved reports only; 409 otherwise).",
        lambda r, d: publishing.publish(r, actor_id=current_user_id(), **d))
_action("unpublish", ReasonSchema, "Take the report off the public site (kept in the history).",
        lambda r, d: publishing.unpublish(r, actor_id=current_user_id(), note=d["reason"]))
_action("correction", CorrectionSchema, "Correct an approved report; the history keeps the previous text.",
        lambda r, d: publishing.correct(r, actor_id=current_user_id(), **d))


@blp.route("/<int:report_id>/recommendations", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
@blp.arguments(RecommendationSchema)
@blp.response(201, RecommendationSchema)
def add_recommendation(data, report):
    return commit_or_abort(lambda: services.add_recommendation(report, **data))


@blp.route("/<int:report_id>/subjects", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Report, "report_id")
@blp.arguments(SubjectSchema)
@blp.response(201, SubjectSchema)
def add_subject(data, report):
    return commit_or_abort(lambda: services.add_subject(report, **data))


@blp.route("/recipients/<int:recipient_id>/response", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(ReportRecipient, "recipient_id")
@blp.arguments(RecipientResponseSchema)
@blp.response(200, RecipientSchema)
def record_recipient_response(data, recipient):
    return commit_or_abort(lambda: services.record_recipient_response(recipient, **data))


@blp.route("/recipients/<int:recipient_id>/extension", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(ReportRecipient, "recipient_id")
@blp.arguments(ExtensionSchema)
@blp.response(200, RecipientSchema)
def extend_recipient(data, recipient):
    return commit_or_abort(lambda: services.extend_recipient(recipient, **data))


@blp.route("/recommendations/<int:recommendation_id>")
@routing.require_roles(MEMBER_ROLES)
@loads(Recommendation, "recommendation_id")
@blp.response(200, RecommendationSchema)
def get_recommendation(recommendation):
    return recommendation


@blp.route("/recommendations/<int:recommendation_id>/response", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Recommendation, "recommendation_id")
@blp.arguments(RecommendationResponseSchema)
@blp.response(200, RecommendationSchema)
def record_recommendation_response(data, recommendation):
    return commit_or_abort(lambda: services.record_recommendation_response(recommendation, **data))


@blp.route("/recommendations/<int:recommendation_id>/impact", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(Recommendation, "recommendation_id")
@blp.arguments(ImpactSchema)
@blp.response(200, RecommendationSchema)
def record_impact(data, recommendation):
    return commit_or_abort(lambda: services.record_impact(recommendation, **data))
