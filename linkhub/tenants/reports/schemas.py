from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from .readability import assess

from .models import REPORT_TYPES
from linkhub.platform.validation import Id

ANSWERS = ["accepted", "partly_accepted", "rejected"]


def _readability(report) -> dict:
    found = assess(report.summary)
    return {"reading_age": found.reading_age, "flesch_kincaid_grade": found.grade, "verdict": found.verdict}


class RecommendationSchema(ma.Schema):
    id = Id(dump_only=True)
    report_id = Id(dump_only=True)
    number = ma.fields.Integer(dump_only=True)
    text = ma.fields.String(required=True, validate=validate.Length(min=1, max=20000))
    organisation_id = Id(load_default=None, allow_none=True)
    response_status = ma.fields.String(dump_only=True)
    response = ma.fields.String(dump_only=True)
    responded_on = ma.fields.Date(dump_only=True)
    action_promised = ma.fields.String(dump_only=True)
    follow_up_on = ma.fields.Date(dump_only=True)
    impact = ma.fields.String(dump_only=True)
    impact_evidence = ma.fields.String(dump_only=True)
    impact_recorded_on = ma.fields.Date(dump_only=True)


class RecipientSchema(ma.Schema):
    id = Id()
    organisation_id = Id()
    organisation = ma.fields.Function(lambda r: r.organisation.name)
    sent_on = ma.fields.Date()
    due_on = ma.fields.Date()
    original_due_on = ma.fields.Date()
    extension_reason = ma.fields.String()
    responded_on = ma.fields.Date(allow_none=True)
    response = ma.fields.String()


class SubjectSchema(ma.Schema):
    id = Id(dump_only=True)
    provider_id = Id(required=True)
    service_id = Id(load_default=None, allow_none=True)


class PublicationSchema(ma.Schema):
    version = ma.fields.Integer()
    action = ma.fields.String()
    title = ma.fields.String()
    note = ma.fields.String()
    created_at = ma.fields.DateTime()


class ReportSchema(ma.Schema):
    id = Id(dump_only=True)
    public_ref = ma.fields.String(dump_only=True)
    report_type = ma.fields.String(load_default="network_report", validate=validate.OneOf(list(REPORT_TYPES)))
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    summary = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    body = ma.fields.String(load_default="", validate=validate.Length(max=200_000))
    easy_read = ma.fields.String(dump_only=True)
    summary_readability = ma.fields.Function(
        _readability, dump_only=True, metadata={"description": "reading age of the plain-language summary"}
    )
    status = ma.fields.String(dump_only=True)
    author_id = Id(dump_only=True)
    approved_by_id = Id(dump_only=True)
    published_at = ma.fields.DateTime(dump_only=True)
    version = ma.fields.Integer(dump_only=True)
    recommendations = ma.fields.List(ma.fields.Nested(RecommendationSchema), dump_only=True)
    recipients = ma.fields.List(ma.fields.Nested(RecipientSchema), dump_only=True)
    subjects = ma.fields.List(ma.fields.Nested(SubjectSchema), dump_only=True)
    history = ma.fields.List(ma.fields.Nested(PublicationSchema), dump_only=True)


class EasyReadSchema(ma.Schema):
    easy_read = ma.fields.String(
        required=True, validate=validate.Length(max=50000), metadata={"description": "Markdown"}
    )


class DraftSchema(ma.Schema):
    title = ma.fields.String(validate=validate.Length(min=1, max=200))
    summary = ma.fields.String(validate=validate.Length(max=5000))
    body = ma.fields.String(validate=validate.Length(max=200_000))


class CorrectionSchema(DraftSchema):
    note = ma.fields.String(required=True, validate=validate.Length(min=1, max=5000))


class NoteSchema(ma.Schema):
    note = ma.fields.String(load_default="", validate=validate.Length(max=5000))


class ReasonSchema(ma.Schema):
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=5000))


class SendReportSchema(ma.Schema):
    organisation_ids = ma.fields.List(Id(), required=True, validate=validate.Length(min=1))
    sent_on = ma.fields.Date(load_default=None)


class RecipientResponseSchema(ma.Schema):
    responded_on = ma.fields.Date(required=True)
    response = ma.fields.String(load_default="", validate=validate.Length(max=50000))


class RecommendationResponseSchema(ma.Schema):
    response_status = ma.fields.String(required=True, validate=validate.OneOf(ANSWERS))
    responded_on = ma.fields.Date(required=True)
    response = ma.fields.String(load_default="", validate=validate.Length(max=50000))
    action_promised = ma.fields.String(load_default="", validate=validate.Length(max=20000))
    follow_up_on = ma.fields.Date(load_default=None, allow_none=True)


class ImpactSchema(ma.Schema):
    impact = ma.fields.String(required=True, validate=validate.Length(min=1, max=20000))
    evidence = ma.fields.String(load_default="", validate=validate.Length(max=20000))
    recorded_on = ma.fields.Date(load_default=None)


class PublicReportSchema(ma.Schema):
    """What the public API shows of a published report (never drafts, authors or history notes)."""

    public_ref = ma.fields.String()
    report_type = ma.fields.String()
    title = ma.fields.String()
    summary = ma.fields.String()
    body = ma.fields.String()
    network = ma.fields.String()
    network_name = ma.fields.String()
    region = ma.fields.String()
    published_on = ma.fields.String()
    version = ma.fields.Integer()
    providers = ma.fields.List(ma.fields.String())
    services = ma.fields.List(ma.fields.String())
    powers = ma.fields.List(ma.fields.String())
    response_status = ma.fields.String()
    recommendations = ma.fields.List(ma.fields.Dict())
    url = ma.fields.String()


class PublicListArgs(ma.Schema):
    network = ma.fields.String(load_default=None, metadata={"description": "a network's slug"})
