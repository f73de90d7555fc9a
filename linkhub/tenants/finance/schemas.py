"""Marshmallow schemas of the finance API. Amounts go in as text in pounds (``"12.50"``, never a
JSON number: a float cannot hold money) and come out as integer pence plus the same text."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from .models import CATEGORIES, CLAIM_STATUSES, INCOME_SOURCES, KINDS
from .money import plain

AMOUNT_HELP = {"description": 'pounds as text, like "1234.50" (no more than 2 decimal places)'}


def _plain_of(attr):
    return ma.fields.Function(lambda obj: plain(getattr(obj, attr)), dump_only=True)


class YearSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    start_year = ma.fields.Integer(required=True, metadata={"description": "2026 for April 2026 to March 2027"})
    label = ma.fields.String(dump_only=True)
    status = ma.fields.String(dump_only=True)
    mileage_rate_pence = ma.fields.Integer(dump_only=True)
    closed_at = ma.fields.DateTime(dump_only=True)


class BudgetSetSchema(ma.Schema):
    category = ma.fields.String(required=True, validate=validate.OneOf(list(CATEGORIES)))
    amount = ma.fields.String(required=True, metadata=AMOUNT_HELP)


class MileageRateSchema(ma.Schema):
    mileage_rate = ma.fields.String(required=True, metadata={"description": 'pounds a mile, like "0.45"'})


class LineSchema(ma.Schema):
    category = ma.fields.String()
    label = ma.fields.String()
    budget_pence = ma.fields.Integer()
    actual_pence = ma.fields.Integer()
    remaining_pence = ma.fields.Integer()
    quarters = ma.fields.List(ma.fields.Integer(), metadata={"description": "spending in Q1 (April-June) to Q4"})


class YearFiguresSchema(ma.Schema):
    year = ma.fields.Nested(YearSchema)
    lines = ma.fields.List(ma.fields.Nested(LineSchema))
    income = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    budget_pence = ma.fields.Integer()
    spent_pence = ma.fields.Integer()
    income_pence = ma.fields.Integer()
    balance_pence = ma.fields.Integer()
    quarter_totals = ma.fields.List(ma.fields.Integer())


class EntrySchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    kind = ma.fields.String(required=True, validate=validate.OneOf(list(KINDS)))
    entry_on = ma.fields.Date(required=True, data_key="date")
    category = ma.fields.String(
        required=True,
        metadata={"description": f"spending: {', '.join(CATEGORIES)}; income: {', '.join(INCOME_SOURCES)}"},
    )
    counterparty = ma.fields.String(
        required=True, validate=validate.Length(min=1, max=200), metadata={"description": "supplier or payer"}
    )
    description = ma.fields.String(load_default="", validate=validate.Length(max=2000))
    amount = ma.fields.String(required=True, load_only=True, metadata=AMOUNT_HELP)
    amount_pence = ma.fields.Integer(dump_only=True)
    amount_text = _plain_of("amount_pence")
    work_item_id = ma.fields.Integer(allow_none=True, load_default=None)
    adjusts_id = ma.fields.Integer(dump_only=True)
    year_id = ma.fields.Integer(dump_only=True)
    source = ma.fields.String(dump_only=True)
    receipts = ma.fields.Method("_receipts", dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)

    def _receipts(self, entry):
        return [{"id": r.id, "filename": r.filename, "content_type": r.content_type} for r in entry.receipts]


class EntryUpdateSchema(ma.Schema):
    entry_on = ma.fields.Date(data_key="date")
    category = ma.fields.String()
    counterparty = ma.fields.String(validate=validate.Length(min=1, max=200))
    description = ma.fields.String(validate=validate.Length(max=2000))
    amount = ma.fields.String(metadata=AMOUNT_HELP)
    work_item_id = ma.fields.Integer(allow_none=True)


class EntryFilterArgs(ma.Schema):
    kind = ma.fields.String(validate=validate.OneOf(list(KINDS)))
    year_id = ma.fields.Integer()
    category = ma.fields.String()


class AdjustmentSchema(ma.Schema):
    amount = ma.fields.String(
        required=True, metadata={"description": 'the change in pounds, negative to take off, like "-12.50"'}
    )
    reason = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))
    entry_on = ma.fields.Date(load_default=None, data_key="date", metadata={"description": "default today"})


class ReceiptUploadSchema(ma.Schema):
    file = ma.fields.Raw(required=True, metadata={"type": "string", "format": "binary"})


class ReceiptSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    entry_id = ma.fields.Integer(dump_only=True)
    filename = ma.fields.String(dump_only=True)
    content_type = ma.fields.String(dump_only=True)
    size_bytes = ma.fields.Integer(dump_only=True)


class ClaimSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    claimant_id = ma.fields.Integer(dump_only=True)
    spent_on = ma.fields.Date(required=True, data_key="date")
    description = ma.fields.String(required=True, validate=validate.Length(min=1, max=2000))
    expenses = ma.fields.String(load_default="0", load_only=True, metadata=AMOUNT_HELP)
    miles = ma.fields.String(load_default="0", load_only=True, metadata={"description": 'like "12.5"'})
    expenses_pence = ma.fields.Integer(dump_only=True)
    mileage_rate_pence = ma.fields.Integer(dump_only=True)
    mileage_pence = ma.fields.Integer(dump_only=True)
    total_pence = ma.fields.Integer(dump_only=True)
    status = ma.fields.String(dump_only=True, metadata={"description": ", ".join(CLAIM_STATUSES)})
    decided_by_id = ma.fields.Integer(dump_only=True)
    decision_note = ma.fields.String(dump_only=True)
    paid_on = ma.fields.Date(dump_only=True)
    entry_id = ma.fields.Integer(dump_only=True)


class ClaimDecisionSchema(ma.Schema):
    note = ma.fields.String(load_default="", validate=validate.Length(max=2000))


class ClaimFilterArgs(ma.Schema):
    status = ma.fields.String(validate=validate.OneOf(list(CLAIM_STATUSES)))


class ImportArgs(ma.Schema):
    dry_run = ma.fields.Boolean(load_default=True)


class ImportResultSchema(ma.Schema):
    rows = ma.fields.Integer()
    imported = ma.fields.Boolean()
    spending_pence = ma.fields.Integer()
    income_pence = ma.fields.Integer()
