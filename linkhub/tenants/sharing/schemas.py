"""API schemas of the network's side of sharing."""

from __future__ import annotations

import marshmallow as ma
from linkhub.platform.validation import Id


class AcceptanceSchema(ma.Schema):
    version = ma.fields.Integer()
    network = ma.fields.String()
    accepted_by = ma.fields.String()
    accepted_at = ma.fields.DateTime()


class ShareInSchema(ma.Schema):
    working_group_id = Id(required=True)
    stage = ma.fields.String(required=True)


class ApproveSchema(ma.Schema):
    title = ma.fields.String(required=True)
    text = ma.fields.String(required=True)
    confirm_identifiers = ma.fields.Boolean(load_default=False)


class ShareRequestSchema(ma.Schema):
    id = Id()
    issue_id = Id()
    working_group_id = Id()
    stage = ma.fields.String()
    status = ma.fields.String()
    version = ma.fields.Integer()
    original_title = ma.fields.String()
    original_text = ma.fields.String()
    title = ma.fields.String()
    text = ma.fields.String()
    fields = ma.fields.Dict()
    # The working group refused the approved version (its agreement changed): approve again.
    refused = ma.fields.Boolean(attribute="is_refused")
    refused_reason = ma.fields.Method("_refused_reason")
    refused_at = ma.fields.Method("_refused_at")

    def _refused_reason(self, share):
        return share.refused_reason if share.is_refused else None

    def _refused_at(self, share):
        return share.refused_at.isoformat() if share.is_refused and share.refused_at else None


class IssuePathwaySchema(ma.Schema):
    """An issue with its pathway and stage (``queries.TaggedIssue``); ``null`` ones when it is
    not tagged."""

    issue_id = ma.fields.Function(lambda row: row.issue.id)
    title = ma.fields.Function(lambda row: row.issue.title)
    status = ma.fields.Function(lambda row: row.issue.status)
    pathway = ma.fields.Function(
        lambda row: row.tag.pathway.slug if row.tag else None, metadata={"description": "pathway slug"}
    )
    pathway_name = ma.fields.Function(lambda row: row.tag.pathway.name if row.tag else None)
    stage = ma.fields.Function(
        lambda row: row.tag.stage.slug if row.tag else None, metadata={"description": "stage slug"}
    )
    stage_name = ma.fields.Function(lambda row: row.tag.stage.name if row.tag else None)
    tagged_by = ma.fields.Function(lambda row: (row.tag.tagged_by_label or None) if row.tag else None)
    tagged_at = ma.fields.Function(lambda row: row.tag.tagged_at.isoformat() if row.tag else None)


class IssuePathwayInSchema(ma.Schema):
    pathway = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=60),
        metadata={"description": "pathway slug, e.g. ambulance"},
    )
    stage = ma.fields.String(
        required=True,
        validate=ma.validate.Length(min=1, max=60),
        metadata={"description": "slug of a stage of that pathway, e.g. on-scene"},
    )


class IssuePathwayArgs(ma.Schema):
    pathway = ma.fields.String(validate=ma.validate.Length(max=60), metadata={"description": "pathway slug"})
    stage = ma.fields.String(
        validate=ma.validate.Length(max=60),
        metadata={"description": "stage slug (without a pathway: that stage on any pathway)"},
    )
