from __future__ import annotations

import marshmallow as ma

from marshmallow import validate

from linkhub.tenants.common.models import ORGANISATION_KINDS

from .models import REQUEST_OUTCOMES
from linkhub.platform.validation import Id

Text = lambda max_len=None, **kw: ma.fields.String(validate=validate.Length(max=max_len) if max_len else None, **kw)  # noqa: E731


def _email_or_empty(value: str) -> None:
    if value:
        validate.Email()(value)


# An address or nothing ("" is the stored "none"): a plain string in OpenAPI, since a field of
# format email may not default to "" (issue 12, finding 11: the document must be valid).
OptionalEmail = lambda **kw: ma.fields.String(  # noqa: E731
    load_default="",
    validate=[validate.Length(max=254), _email_or_empty],
    metadata={"description": "an e-mail address, or empty"},
    **kw,
)


class OrganisationContactSchema(ma.Schema):
    id = Id(dump_only=True)
    name = Text(200, required=True)
    job_title = Text(200, load_default="")
    email = OptionalEmail()
    phone = Text(40, load_default="")


class OrganisationSchema(ma.Schema):
    id = Id(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(ORGANISATION_KINDS)))
    email = OptionalEmail()
    address = Text(2000, load_default="")
    contacts = ma.fields.List(ma.fields.Nested(OrganisationContactSchema), dump_only=True)


class RequestSchema(ma.Schema):
    id = Id(dump_only=True)
    organisation_id = Id(required=True)
    organisation = ma.fields.Function(lambda r: r.organisation.name, dump_only=True)
    subject = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    question = ma.fields.String(required=True, validate=validate.Length(min=1, max=20000))
    issue_ref = ma.fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    status = ma.fields.String(dump_only=True)
    sent_on = ma.fields.Date(dump_only=True)
    due_on = ma.fields.Date(dump_only=True)
    original_due_on = ma.fields.Date(dump_only=True)
    extension_reason = ma.fields.String(dump_only=True)
    responded_on = ma.fields.Date(dump_only=True)
    response = ma.fields.String(dump_only=True)


class SendSchema(ma.Schema):
    sent_on = ma.fields.Date(load_default=None, metadata={"description": "default: today"})


class RequestResponseSchema(ma.Schema):
    outcome = ma.fields.String(required=True, validate=validate.OneOf(REQUEST_OUTCOMES))
    responded_on = ma.fields.Date(required=True)
    response = Text(50000, load_default="")


class ReferralSchema(ma.Schema):
    id = Id(dump_only=True)
    organisation_id = Id(required=True)
    organisation = ma.fields.Function(lambda r: r.organisation.name, dump_only=True)
    matter = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    details = Text(20000, load_default="")
    issue_refs = Text(400, load_default="")
    report_id = Id(load_default=None, allow_none=True)
    status = ma.fields.String(dump_only=True)
    referred_on = ma.fields.Date(dump_only=True)
    due_on = ma.fields.Date(dump_only=True)
    responded_on = ma.fields.Date(dump_only=True)
    response = ma.fields.String(dump_only=True)
    outcome = ma.fields.String(dump_only=True)
    issue_ids = ma.fields.List(Id(), dump_only=True)
    answers = ma.fields.Method("_answers", dump_only=True, metadata={"description": "every answer, oldest first"})

    def _answers(self, referral):

        return [
            {"status": a.status, "answered_on": a.answered_on.isoformat(), "response": a.response, "outcome": a.outcome}
            for a in referral.answers
        ]


class ReferSchema(ma.Schema):
    referred_on = ma.fields.Date(load_default=None, metadata={"description": "default: today"})


class ReferralResponseSchema(ma.Schema):
    status = ma.fields.String(required=True, validate=validate.OneOf(["acknowledged", "responded", "closed"]))
    responded_on = ma.fields.Date(required=True)
    response = Text(50000, load_default="")
    outcome = Text(20000, load_default="")


class DeadlineSchema(ma.Schema):
    key = ma.fields.String()
    kind = ma.fields.String()
    title = ma.fields.String()
    organisation = ma.fields.String()
    due_on = ma.fields.Date()
    started_on = ma.fields.Date(allow_none=True)
    statutory = ma.fields.Boolean()
    state = ma.fields.Function(lambda d: d.state())


class DeadlineArgs(ma.Schema):
    show = ma.fields.String(load_default="all", validate=validate.OneOf(["all", "overdue", "this_week"]))


class MessageSchema(ma.Schema):
    id = Id()
    to = ma.fields.String()
    subject = ma.fields.String()
    body = ma.fields.String()
    created_at = ma.fields.DateTime()
    status = ma.fields.String(metadata={"description": "stored, retrying, sent, bounced or failed"})
    attempts = ma.fields.Integer()
    last_error = ma.fields.String()
    sent_at = ma.fields.DateTime(allow_none=True)
    message_id = ma.fields.String()
    headers = ma.fields.Dict(allow_none=True)
    bounces = ma.fields.List(ma.fields.Dict(), allow_none=True)
