from __future__ import annotations

import marshmallow as ma
from marshmallow import validate


class NewsletterSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    subject = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    body = ma.fields.String(
        required=True, validate=validate.Length(min=1, max=50000), metadata={"description": "Markdown"}
    )
    status = ma.fields.String(dump_only=True, metadata={"description": "draft or sent"})
    recipients = ma.fields.Integer(dump_only=True)
    sent_at = ma.fields.DateTime(dump_only=True, allow_none=True)
    created_at = ma.fields.DateTime(dump_only=True)


class PreferenceSchema(ma.Schema):
    email = ma.fields.String(dump_only=True)
    newsletter = ma.fields.Boolean(required=True)
    digest = ma.fields.Boolean(required=True)


class SubscriberSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    email = ma.fields.String(dump_only=True)
    name = ma.fields.String(dump_only=True)
    newsletter_confirmed_at = ma.fields.DateTime(dump_only=True)
    source = ma.fields.String(dump_only=True)


class SubscribeSchema(ma.Schema):
    email = ma.fields.String(required=True, validate=validate.Length(min=3, max=254))
    name = ma.fields.String(load_default="", validate=validate.Length(max=200))
