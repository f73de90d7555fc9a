"""API of surveys: the builder and results for the network's people, and the public link's
two calls (read the questions, send answers) for anyone, rate limited, 410 once closed."""

from __future__ import annotations

import marshmallow as ma
from flask import abort, request
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import UnprocessableEntity

from linkhub.federation import public as federation
from linkhub.platform import clock, endpoints, routing
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.extensions import limiter
from linkhub.platform.routing import loads

from . import results, services
from .models import Survey
from .schemas import (
    AnswersSchema,
    CombinedSchema,
    JointSchema,
    PublicSurveySchema,
    QuestionSchema,
    ResponseSchema,
    ResultsSchema,
    StaffAnswersSchema,
    SurveySchema,
)

blp = routing.network_api_blueprint("surveys_api", __name__, "/surveys", description="Surveys and their results")

endpoints.collection(
    blp,
    "/",
    name="Surveys",
    schema=SurveySchema,
    read=MEMBER_ROLES,
    query=lambda: select(Survey).order_by(Survey.created_at.desc(), Survey.id.desc()),
    write=STAFF_ROLES,
    create=services.create_survey,
)

endpoints.item(
    blp, "/<int:survey_id>", name="get_survey", roles=MEMBER_ROLES, load=(Survey, "survey_id"), response=SurveySchema
)

endpoints.action(
    blp,
    "/<int:survey_id>/questions",
    name="add_question",
    roles=STAFF_ROLES,
    load=(Survey, "survey_id"),
    body=QuestionSchema,
    response=QuestionSchema,
    status=201,
    call=services.add_question,
)
endpoints.action(
    blp,
    "/<int:survey_id>/open",
    name="open_survey",
    roles=STAFF_ROLES,
    load=(Survey, "survey_id"),
    response=SurveySchema,
    call=services.open_survey,
)
endpoints.action(
    blp,
    "/<int:survey_id>/close",
    name="close_survey",
    roles=STAFF_ROLES,
    load=(Survey, "survey_id"),
    response=SurveySchema,
    call=services.close_survey,
)
endpoints.action(
    blp,
    "/<int:survey_id>/joint",
    name="run_jointly",
    roles=STAFF_ROLES,
    load=(Survey, "survey_id"),
    body=JointSchema,
    response=SurveySchema,
    call=services.run_jointly,
    doc="Run the survey in every network of a working group the network belongs to.",
)


def _staff_entry(survey, answers, equality=None, website="", channel="paper"):
    return services.submit(survey, answers, equality=equality, channel=channel, entered_by=current_user)


endpoints.action(
    blp,
    "/<int:survey_id>/responses",
    name="enter_response",
    roles=STAFF_ROLES,
    load=(Survey, "survey_id"),
    body=StaffAnswersSchema,
    response=ResponseSchema,
    status=201,
    call=_staff_entry,
    doc="Staff enter a paper or phone response (each also becomes feedback, channel survey).",
)


@blp.route("/<int:survey_id>/results")
@blp.response(200, ResultsSchema)
@routing.require_roles(MEMBER_ROLES)
@loads(Survey, "survey_id")
def survey_results(survey):
    """This network's exact results: counts per answer, the latest text answers."""
    return results.to_json(results.build(survey))


@blp.route("/<int:survey_id>/joint-results")
@blp.response(200, CombinedSchema)
@routing.require_roles(MEMBER_ROLES)
@loads(Survey, "survey_id")
def joint_results(survey):
    """The working group's combined results: every figure through the disclosure control."""
    if not survey.joint_ref:
        abort(404)
    combined = commit_or_abort(
        lambda: federation.combined_survey_results(survey.joint_ref, routing.current_network().id)
    )

    def table(t):
        return {
            "title": t.title,
            "rows": [{"label": label, "value": f.value, "text": f.text} for label, f in t.rows],
            "total": {"label": t.total_label, "value": t.total.value, "text": t.total.text} if t.total else None,
        }

    return {
        "joint_ref": survey.joint_ref,
        "threshold": combined.threshold,
        "rounding_base": combined.base,
        "responses": table(combined.responses),
        "questions": [table(t) for t in combined.questions],
    }


def _public(token: str) -> Survey:
    survey = db.session.scalar(select(Survey).where(Survey.token == token))
    if survey is None or survey.status == "draft":
        abort(404)
    if survey.is_closed(clock.today()):
        abort(410, services.closed_message(survey))
    return survey


@blp.route("/public/<token>")
@blp.response(200, PublicSurveySchema)
@routing.public
def public_survey(token: str):
    """The questions of an open survey (no account); 410 once it has closed."""
    return _public(token)


@blp.route("/public/<token>/responses", methods=["POST"])
@limiter.limit("20 per hour")
@blp.response(201, ResponseSchema)
@routing.public
def public_response(token: str):
    """Answer an open survey (no account), body as ``AnswersSchema``: 201 with a reference; 404
    for a link of no open survey of this network (before the body is read); 410 once closed;
    422 on the answers that are wrong. A filled ``website`` (the honeypot) is answered alike and
    never stored."""
    survey = _public(token)
    try:
        data = AnswersSchema().load(request.get_json(silent=True) or {})
    except ma.ValidationError as exc:
        error = UnprocessableEntity("The answers could not be read")
        error.data = {"messages": {"json": exc.messages}}
        raise error from None
    if data.get("website"):
        return {"reference": "RECEIVED", "channel": "web", "repeat": False, "feedback_reference": ""}
    return commit_or_abort(
        lambda: services.submit(survey, data["answers"], equality=data.get("equality"), channel="web")
    )
