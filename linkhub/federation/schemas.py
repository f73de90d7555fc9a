from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from linkhub.platform.db import MAX_ID

MONTH = ma.validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="Use a month as YYYY-MM")


class StageSchema(ma.Schema):
    position = ma.fields.Integer()
    slug = ma.fields.String()
    name = ma.fields.String()


class PathwaySchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    slug = ma.fields.String(dump_only=True)
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=120))
    description = ma.fields.String(load_default="")
    stages = ma.fields.Method("_stages", deserialize="_load_stages", required=True)

    def _stages(self, pathway):
        return StageSchema(many=True).dump(pathway.stages)

    def _load_stages(self, value):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ma.ValidationError("Give the stages as a list of names, in pathway order")
        return value


class AgreementSchema(ma.Schema):
    version = ma.fields.Integer()
    text = ma.fields.String()
    suppression_threshold = ma.fields.Integer()
    created_at = ma.fields.DateTime()


class WorkingGroupSchema(ma.Schema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    region = ma.fields.String()
    pathway = ma.fields.Function(lambda g: g.pathway.slug)
    convenor = ma.fields.Function(lambda g: g.convenor.slug)
    networks = ma.fields.Function(lambda g: sorted(m.network.slug for m in g.members))
    agreement = ma.fields.Function(
        lambda g: AgreementSchema().dump(g.current_agreement) if g.current_agreement else None
    )


class WorkingGroupInSchema(ma.Schema):
    name = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    region = ma.fields.String(required=True)
    pathway = ma.fields.String(required=True, metadata={"description": "pathway slug"})
    convenor = ma.fields.String(required=True, metadata={"description": "network slug"})
    networks = ma.fields.List(ma.fields.String(), load_default=list, metadata={"description": "member network slugs"})
    agreement_text = ma.fields.String(load_default=None)
    suppression_threshold = ma.fields.Integer(load_default=5, validate=ma.validate.Range(min=3))


class AgreementInSchema(ma.Schema):
    text = ma.fields.String(required=True, validate=ma.validate.Length(min=1))
    suppression_threshold = ma.fields.Integer(load_default=5, validate=ma.validate.Range(min=3))


class SharedIssueSchema(ma.Schema):
    id = ma.fields.Integer()
    version = ma.fields.Integer()
    working_group_id = ma.fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    title = ma.fields.String()
    summary = ma.fields.String()
    pathway = ma.fields.String()
    stage = ma.fields.String()
    theme = ma.fields.String()
    service_type = ma.fields.String(allow_none=True)
    provider = ma.fields.String(allow_none=True)
    month = ma.fields.String()
    region = ma.fields.String()
    network = ma.fields.Function(lambda i: i.source_network.slug)
    feedback_count = ma.fields.Integer(allow_none=True, metadata={"description": "null below the threshold"})
    people_count = ma.fields.Integer(allow_none=True, metadata={"description": "null below the threshold"})
    shared_at = ma.fields.DateTime()


class SharedIssueArgs(ma.Schema):
    working_group_id = ma.fields.Integer(validate=validate.Range(min=1, max=MAX_ID))


class AggregateArgs(ma.Schema):
    theme = ma.fields.String()
    network = ma.fields.String()
    month_from = ma.fields.String(validate=MONTH)
    month_to = ma.fields.String(validate=MONTH)


class JointReportApprovalSchema(ma.Schema):
    network = ma.fields.Function(lambda a: a.network.slug)
    approved_at = ma.fields.DateTime()


class JointReportSchema(ma.Schema):
    """Who drafted and approved it stays in the federation log: the report is, or will be, public."""

    id = ma.fields.Integer()
    public_ref = ma.fields.String()
    working_group_id = ma.fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    status = ma.fields.String(metadata={"description": "draft, published or unpublished"})
    title = ma.fields.String()
    summary = ma.fields.String()
    body = ma.fields.String()
    shared_issue_ids = ma.fields.Method(
        "_live_ids", metadata={"description": "live shared issues: a withdrawn one drops out"}
    )
    approvals = ma.fields.List(ma.fields.Nested(JointReportApprovalSchema))
    awaiting = ma.fields.Method("_awaiting", metadata={"description": "member networks yet to approve a draft"})
    created_at = ma.fields.DateTime()
    published_at = ma.fields.DateTime(allow_none=True)
    url = ma.fields.Function(lambda r: f"/federation/reports/{r.public_ref}")

    def _live_ids(self, report):
        from .services.joint_reports import live_issues_of

        return [i.id for i in live_issues_of(report)]

    def _awaiting(self, report):
        if report.status != "draft":
            return []
        approved = {a.network_id for a in report.approvals}
        return sorted(m.network.slug for m in report.working_group.members if m.network_id not in approved)


class JointReportInSchema(ma.Schema):
    title = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=200))
    summary = ma.fields.String(load_default="", validate=ma.validate.Length(max=5000))
    body = ma.fields.String(load_default="", validate=ma.validate.Length(max=200_000))
    shared_issue_ids = ma.fields.List(
        ma.fields.Integer(validate=ma.validate.Range(min=1, max=MAX_ID)),
        required=True,
        validate=ma.validate.Length(min=1, max=1000),
        metadata={"description": "live shared issues of the group"},
    )
    confirm_identifiers = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "true: you checked that text matching an identifier pattern identifies nobody"},
    )


class UnpublishSchema(ma.Schema):
    reason = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=5000))
