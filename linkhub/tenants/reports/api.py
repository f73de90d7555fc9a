"""API of reports and recommendations (staff write, members read)."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import endpoints, routing
from linkhub.platform.endpoints import commit_or_abort
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
    EasyReadSchema,
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

blp = routing.network_api_blueprint(
    "reports_api",
    __name__,
    "/reports",
    description="Reports with recommendations: review, sending, responses, publishing",
)


endpoints.collection(
    blp,
    "/",
    name="Reports",
    schema=ReportSchema,
    read=MEMBER_ROLES,
    query=lambda: select(Report).order_by(Report.id.desc()),
    write=STAFF_ROLES,
    create=lambda **data: services.create_report(author_id=current_user_id(), **data),
)


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


_action(
    "submit",
    NoteSchema,
    "Submit the draft for approval by a second person.",
    lambda r, d: services.submit_for_review(r),
)
_action(
    "approve",
    NoteSchema,
    "Approve (the approver must not be the author).",
    lambda r, d: services.approve(r, approver_id=current_user_id()),
)
_action("return", ReasonSchema, "Return to the author as a draft.", lambda r, d: services.return_to_draft(r, **d))
_action(
    "send",
    SendReportSchema,
    "Send to organisations: each gets 20 working days to respond.",
    lambda r, d: services.send_report(r, **d),
)
_action(
    "publish",
    NoteSchema,
    "Publish (approved reports only; 409 otherwise).",
    lambda r, d: publishing.publish(r, actor_id=current_user_id(), **d),
)
_action(
    "unpublish",
    ReasonSchema,
    "Take the report off the public site (kept in the history).",
    lambda r, d: publishing.unpublish(r, actor_id=current_user_id(), note=d["reason"]),
)
_action(
    "easy-read",
    EasyReadSchema,
    "Add, change or remove (empty) the easy read version (Markdown); any stage.",
    lambda r, d: publishing.set_easy_read(r, **d),
)
_action(
    "correction",
    CorrectionSchema,
    "Correct an approved report; the history keeps the previous text.",
    lambda r, d: publishing.correct(r, actor_id=current_user_id(), **d),
)


endpoints.action(
    blp,
    "/<int:report_id>/recommendations",
    name="add_recommendation",
    roles=STAFF_ROLES,
    load=(Report, "report_id"),
    body=RecommendationSchema,
    response=RecommendationSchema,
    status=201,
    call=services.add_recommendation,
)


endpoints.action(
    blp,
    "/<int:report_id>/subjects",
    name="add_subject",
    roles=STAFF_ROLES,
    load=(Report, "report_id"),
    body=SubjectSchema,
    response=SubjectSchema,
    status=201,
    call=services.add_subject,
)


endpoints.action(
    blp,
    "/recipients/<int:recipient_id>/response",
    name="record_recipient_response",
    roles=STAFF_ROLES,
    load=(ReportRecipient, "recipient_id"),
    body=RecipientResponseSchema,
    response=RecipientSchema,
    call=services.record_recipient_response,
)


endpoints.action(
    blp,
    "/recipients/<int:recipient_id>/extension",
    name="extend_recipient",
    roles=STAFF_ROLES,
    load=(ReportRecipient, "recipient_id"),
    body=ExtensionSchema,
    response=RecipientSchema,
    call=services.extend_recipient,
)


endpoints.item(
    blp,
    "/recommendations/<int:recommendation_id>",
    name="get_recommendation",
    roles=MEMBER_ROLES,
    load=(Recommendation, "recommendation_id"),
    response=RecommendationSchema,
)


endpoints.action(
    blp,
    "/recommendations/<int:recommendation_id>/response",
    name="record_recommendation_response",
    roles=STAFF_ROLES,
    load=(Recommendation, "recommendation_id"),
    body=RecommendationResponseSchema,
    response=RecommendationSchema,
    call=services.record_recommendation_response,
)


endpoints.action(
    blp,
    "/recommendations/<int:recommendation_id>/impact",
    name="record_impact",
    roles=STAFF_ROLES,
    load=(Recommendation, "recommendation_id"),
    body=ImpactSchema,
    response=RecommendationSchema,
    call=services.record_impact,
)
