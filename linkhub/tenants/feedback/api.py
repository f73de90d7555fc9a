"""API: feedback (members read, staff write) and contacts (staff only)."""

from __future__ import annotations

from datetime import datetime, time, timezone

from flask.views import MethodView
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from linkhub.platform import routing
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, principal
from linkhub.platform.db import db

from . import services
from .models import Contact, Feedback
from .schemas import ContactSchema, FeedbackFilterArgs, FeedbackSchema, NewFeedbackSchema

blp = routing.network_api_blueprint("feedback_api", __name__, "/feedback", description="Feedback from every channel")
contacts_blp = routing.network_api_blueprint("contacts_api", __name__, "/contacts", description="Contacts (staff only)")


def _day_start(day):
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


@blp.route("")
class FeedbackList(MethodView):
    @blp.arguments(FeedbackFilterArgs, location="query")
    @blp.response(200, page_schema(FeedbackSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args):
        """Feedback, newest first; filter by date range, service, theme, channel, issue."""
        # the service rides along (its name and whether it is outside the remit), one query a page
        query = (
            select(Feedback)
            .options(selectinload(Feedback.service))
            .order_by(Feedback.received_at.desc(), Feedback.id.desc())
        )
        if args.get("date_from"):
            query = query.where(Feedback.received_at >= _day_start(args["date_from"]))
        if args.get("date_to"):
            query = query.where(
                Feedback.received_at < _day_start(args["date_to"]).replace(hour=23, minute=59, second=59)
            )
        for key in ("service_id", "theme", "channel", "issue_id"):
            if args.get(key) is not None:
                query = query.where(getattr(Feedback, key) == args[key])
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @blp.arguments(NewFeedbackSchema)
    @blp.response(201, FeedbackSchema)
    @routing.require_roles(STAFF_ROLES)
    def post(self, data):
        """Record feedback from any channel."""
        return commit_or_abort(
            lambda: services.record_feedback(
                channel=data["channel"],
                what_happened=data["what_happened"],
                theme=data["theme"],
                service_id=data.get("service_id"),
                service_text=data.get("service_text", ""),
                rating=data.get("rating"),
                happened_month=data.get("happened_month"),
                contact_name=data.get("contact_name", ""),
                email=data.get("email"),
                phone=data.get("phone"),
                consent_to_contact=data.get("consent_to_contact", False),
                entered_by=principal().user,
            )
        )


@blp.route("/<int:feedback_id>")
@blp.response(200, FeedbackSchema)
@routing.require_roles(MEMBER_ROLES)
def get_feedback(feedback_id):
    return routing.get_or_404(Feedback, feedback_id)


@contacts_blp.route("")
@contacts_blp.arguments(PageArgs, location="query")
@contacts_blp.response(200, page_schema(ContactSchema))
@routing.require_roles(STAFF_ROLES)
def list_contacts(args):
    body, headers = paginate(
        db.session, select(Contact).where(Contact.merged_into_id.is_(None)).order_by(Contact.id), args
    )
    return body, 200, headers


@contacts_blp.route("/<int:contact_id>")
@contacts_blp.response(200, ContactSchema)
@routing.require_roles(STAFF_ROLES)
def get_contact(contact_id):
    return routing.get_or_404(Contact, contact_id)
