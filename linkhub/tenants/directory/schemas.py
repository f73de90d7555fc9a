from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from .models import PROVIDER_KINDS, SERVICE_TYPES
from linkhub.platform.validation import Id


class ProviderSchema(ma.Schema):
    id = Id(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(PROVIDER_KINDS)))
    created_at = ma.fields.DateTime(dump_only=True)


class ServiceSchema(ma.Schema):
    id = Id(dump_only=True)
    provider_id = Id(required=True)
    provider = ma.fields.Function(lambda s: s.provider.name, dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    service_type = ma.fields.String(required=True, validate=validate.OneOf(list(SERVICE_TYPES)))
    location = ma.fields.String(load_default="", validate=validate.Length(max=200))
    ods_code = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=20),
        metadata={"description": "NHS ODS code, 3 to 6 letters and numbers (RHQ, C84001)"},
    )
    cqc_location_id = ma.fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=20),
        metadata={"description": "CQC location ID, like 1-101612345"},
    )


class ServiceFilterArgs(ma.Schema):
    service_type = ma.fields.String(validate=validate.OneOf(list(SERVICE_TYPES)))
    provider_id = Id()
    identifier = ma.fields.String(
        validate=validate.Length(max=20), metadata={"description": "An ODS code or CQC location ID"}
    )
