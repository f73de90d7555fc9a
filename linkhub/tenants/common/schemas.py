"""API schemas more than one domain uses."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate


class ExtensionSchema(ma.Schema):
    due_on = ma.fields.Date(required=True)
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))
