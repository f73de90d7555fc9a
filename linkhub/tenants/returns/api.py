"""API of returns, performance indicators and joint reviews.

The LINk's people and the local authority role read (the local authority only returns that
have been sent); host staff write. A sent return answers 409 when changed."""

from __future__ import annotations

from flask import abort
from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import routing
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import LOCAL_AUTHORITY_ROLES, RETURN_READER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.endpoints import action, collection, commit_or_abort, item
from linkhub.platform.routing import loads

from . import services
from .models import Indicator, JointReview, Return
from .schemas import (
    DrawSchema,
    IndicatorSchema,
    IndicatorUpdateSchema,
    NarrativeSchema,
    ReturnSchema,
    ReturnWithFiguresSchema,
    ReviewSchema,
    ValueSchema,
)

blp = routing.network_api_blueprint(
    "returns_api", __name__, "/returns", description="Returns to the local authority, performance indicators"
)


def _la_only() -> bool:
    return not (routing.roles() - LOCAL_AUTHORITY_ROLES)


@blp.route("")
class Returns(MethodView):
    @routing.require_roles(RETURN_READER_ROLES)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(ReturnSchema))
    def get(self, args):
        """Returns, newest period first (the local authority sees those sent to it)."""
        query = select(Return).order_by(Return.period_start.desc(), Return.id.desc())
        if _la_only():
            query = query.where(Return.status != "draft")
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(ReturnSchema)
    @blp.response(201, ReturnSchema)
    def post(self, data):
        """Start a six-monthly return or an annual report."""
        return commit_or_abort(lambda: services.start_return(**data))


@blp.route("/<int:return_id>")
@routing.require_roles(RETURN_READER_ROLES)
@loads(Return, "return_id")
@blp.response(200, ReturnWithFiguresSchema)
def get_return(**loaded):
    """A return with its narrative and figures (drawn now for a draft; as sent otherwise)."""
    ret = loaded["return"]
    if ret.is_draft and _la_only():
        abort(404)
    return ret


action(
    blp,
    "/<int:return_id>/narrative",
    name="write_narrative",
    roles=STAFF_ROLES,
    load=(Return, "return_id"),
    body=NarrativeSchema,
    call=lambda ret, **data: services.write_narrative(ret, **data),
    response=ReturnSchema,
    doc="Write narrative sections of a draft (409 once sent).",
)
action(
    blp,
    "/<int:return_id>/submit",
    name="submit_return",
    roles=STAFF_ROLES,
    load=(Return, "return_id"),
    call=services.submit_return,
    response=ReturnSchema,
    doc="Send to the local authority: the figures are drawn and kept as sent.",
)
action(
    blp,
    "/<int:return_id>/publish",
    name="publish_annual",
    roles=STAFF_ROLES,
    load=(Return, "return_id"),
    call=services.publish_annual,
    response=ReturnSchema,
    doc="Publish a sent annual report (public page, national reports library).",
)

collection(
    blp,
    "/indicators",
    name="Indicators",
    schema=IndicatorSchema,
    read=RETURN_READER_ROLES,
    query=lambda: select(Indicator).order_by(Indicator.name, Indicator.id),
    write=STAFF_ROLES,
    create=services.add_indicator,
    doc="Performance indicators agreed with the local authority.",
)


@blp.route("/indicators/<int:indicator_id>")
class IndicatorItem(MethodView):
    @routing.require_roles(RETURN_READER_ROLES)
    @loads(Indicator, "indicator_id")
    @blp.response(200, IndicatorSchema)
    def get(self, indicator):
        return indicator

    @routing.require_roles(STAFF_ROLES)
    @loads(Indicator, "indicator_id")
    @blp.arguments(IndicatorUpdateSchema)
    @blp.response(200, IndicatorSchema)
    def patch(self, data, indicator):
        return commit_or_abort(lambda: services.update_indicator(indicator, **data))


@blp.route("/indicators/<int:indicator_id>/values")
class Values(MethodView):
    @routing.require_roles(RETURN_READER_ROLES)
    @loads(Indicator, "indicator_id")
    @blp.response(200, ValueSchema(many=True))
    def get(self, indicator):
        """The indicator's values, newest period first."""
        return indicator.values

    @routing.require_roles(STAFF_ROLES)
    @loads(Indicator, "indicator_id")
    @blp.arguments(ValueSchema)
    @blp.response(201, ValueSchema)
    def post(self, data, indicator):
        """Enter a period's value by hand (replacing one from the data needs a note)."""
        return commit_or_abort(lambda: services.record_value(indicator, **data))


action(
    blp,
    "/indicators/<int:indicator_id>/values/draw",
    name="draw_value",
    roles=STAFF_ROLES,
    load=(Indicator, "indicator_id"),
    body=DrawSchema,
    call=lambda indicator, **data: services.draw_value(indicator, **data),
    response=ValueSchema,
    status=201,
    doc="Take a period's value from the data (indicators with a measure).",
)

collection(
    blp,
    "/reviews",
    name="Reviews",
    schema=ReviewSchema,
    read=RETURN_READER_ROLES,
    query=lambda: select(JointReview).order_by(JointReview.period_start.desc(), JointReview.id),
    write=STAFF_ROLES,
    create=services.record_review,
    doc="Joint reviews of the indicators by the local authority and the LINk.",
)
item(
    blp,
    "/reviews/<int:review_id>",
    name="get_review",
    roles=RETURN_READER_ROLES,
    load=(JointReview, "review_id"),
    response=ReviewSchema,
)
