from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from flask import has_request_context

from linkhub.platform import routing
from linkhub.platform.api import PageArgs
from linkhub.platform.auth import STAFF_ROLES

from .models import CHANNELS, MAX_TEXT, RATINGS, THEMES
from .privacy import text_for
from linkhub.platform.validation import Id


class FeedbackSchema(ma.Schema):
    """Feedback as members see it: no contact details (those are on /contacts, staff only)."""

    id = Id(dump_only=True)
    reference = ma.fields.String(dump_only=True)
    outside_remit = ma.fields.Boolean(
        dump_only=True, metadata={"description": "about children's social care, outside the LINk's remit"}
    )
    channel = ma.fields.String(required=True, validate=validate.OneOf(list(CHANNELS)))
    service_id = Id(allow_none=True, load_default=None)
    service_text = ma.fields.String(load_default="", validate=validate.Length(max=200))
    theme = ma.fields.String(required=True, validate=validate.OneOf(list(THEMES)))
    what_happened = ma.fields.String(required=True, validate=validate.Length(min=1, max=MAX_TEXT))
    happened_month = ma.fields.Date(allow_none=True, load_default=None)
    rating = ma.fields.Integer(allow_none=True, load_default=None, validate=validate.OneOf(list(RATINGS)))
    issue_id = Id(dump_only=True, allow_none=True)
    received_at = ma.fields.AwareDateTime(dump_only=True)
    has_contact = ma.fields.Function(lambda f: f.contact_id is not None, dump_only=True)

    @ma.post_dump
    def _scrub_for_members(self, data, **kwargs):
        """Members read the text with personal details scrubbed; host staff the original."""
        if "what_happened" in data and has_request_context():
            data["what_happened"] = text_for(data["what_happened"], bool(routing.roles() & STAFF_ROLES))
        return data


class NewFeedbackSchema(FeedbackSchema):
    """Staff entry: contact details may be given (they are stored once, matched on email or phone)."""

    contact_name = ma.fields.String(load_default="", load_only=True, validate=validate.Length(max=200))
    email = ma.fields.Email(load_default=None, allow_none=True, load_only=True)
    phone = ma.fields.String(load_default=None, allow_none=True, load_only=True, validate=validate.Length(max=30))
    consent_to_contact = ma.fields.Boolean(load_default=False, load_only=True)


class FeedbackFilterArgs(PageArgs):
    date_from = ma.fields.Date()
    date_to = ma.fields.Date()
    service_id = Id()
    theme = ma.fields.String(validate=validate.OneOf(list(THEMES)))
    channel = ma.fields.String(validate=validate.OneOf(list(CHANNELS)))
    issue_id = Id()


class ContactSchema(ma.Schema):
    id = Id()
    name = ma.fields.String()
    email = ma.fields.String(allow_none=True)
    phone = ma.fields.String(allow_none=True)
    created_at = ma.fields.AwareDateTime()
