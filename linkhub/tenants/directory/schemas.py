from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from .models import PROVIDER_KINDS, SERVICE_TYPES


class ProviderSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(PROVIDER_KINDS)))
    created_at = ma.fields.DateTime(dump_only=True)


class ServiceSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    provider_id = ma.fields.Integer(required=True)
    provider = ma.fields.Function(lambda s: s.provider.name, dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    service_type = ma.fields.String(required=True, validate=validate.OneOf(list(SERVICE_TYPES)))
    location = ma.fields.String(load_default="", validate=validate.Length(max=200))


class ServiceFilterArgs(ma.Schema):
    service_type = ma.fields.String(validate=validate.OneOf(list(SERVICE_TYPES)))
    provider_id = ma.fields.Integer()
