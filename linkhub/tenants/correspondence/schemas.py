from __future__ import annotations

import marshmallow as ma
from marshmallow import validate
from linkhub.platform.validation import Id

from .models import CHANNELS, DIRECTIONS, LINK_KINDS


class CorrespondenceLinkSchema(ma.Schema):
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(LINK_KINDS)))
    target_id = Id(required=True)
    label = ma.fields.String(dump_only=True)


class AttachmentSchema(ma.Schema):
    id = Id(dump_only=True)
    filename = ma.fields.Function(lambda a: a.file.filename)
    content_type = ma.fields.Function(lambda a: a.file.content_type)
    size = ma.fields.Function(lambda a: a.file.size)


class CorrespondenceSchema(ma.Schema):
    id = Id(dump_only=True)
    direction = ma.fields.String(required=True, validate=validate.OneOf(list(DIRECTIONS)))
    channel = ma.fields.String(required=True, validate=validate.OneOf(list(CHANNELS)))
    dated_on = ma.fields.Date(required=True)
    organisation_id = Id(required=True)
    organisation = ma.fields.Function(lambda c: c.organisation.name if c.organisation else None, dump_only=True)
    person = ma.fields.String(load_default="", validate=validate.Length(max=200))
    subject = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    summary = ma.fields.String(load_default="", validate=validate.Length(max=20000))
    links = ma.fields.List(ma.fields.Nested(CorrespondenceLinkSchema), load_default=list)
    attachments = ma.fields.List(ma.fields.Nested(AttachmentSchema), dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)


class CorrespondenceUpdateSchema(CorrespondenceSchema):
    direction = ma.fields.String(validate=validate.OneOf(list(DIRECTIONS)))
    channel = ma.fields.String(validate=validate.OneOf(list(CHANNELS)))
    dated_on = ma.fields.Date()
    organisation_id = Id()
    person = ma.fields.String(validate=validate.Length(max=200))
    subject = ma.fields.String(validate=validate.Length(min=1, max=200))
    summary = ma.fields.String(validate=validate.Length(max=20000))
    links = ma.fields.List(ma.fields.Nested(CorrespondenceLinkSchema), dump_only=True)


class SearchArgs(ma.Schema):
    q = ma.fields.String(load_default="", validate=validate.Length(max=200))
    direction = ma.fields.String(validate=validate.OneOf(list(DIRECTIONS)))
    channel = ma.fields.String(validate=validate.OneOf(list(CHANNELS)))
    organisation_id = Id()
    kind = ma.fields.String(validate=validate.OneOf(list(LINK_KINDS)))
    target_id = Id()
    since = ma.fields.Date()
    until = ma.fields.Date()
