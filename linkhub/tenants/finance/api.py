"""API of the finances: years with budget against actual, ledger entries (spending and income)
with receipts and adjusting entries, volunteer expense claims, and CSV import.

Host staff (and network admins) read and write the ledger; a member submits and reads their own
expense claims. A closed year's records answer 409 with the reason when changed."""

from __future__ import annotations

from flask import request
from flask.views import MethodView
from sqlalchemy import select
from werkzeug.exceptions import UnprocessableEntity

from linkhub.platform import routing
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES, principal
from linkhub.platform.db import db
from linkhub.platform.endpoints import action, commit_or_abort
from linkhub.platform.routing import loads

from . import queries, services
from .models import ExpenseClaim, FinanceEntry, FinancialYear
from .schemas import (
    AdjustmentSchema,
    BudgetSetSchema,
    ClaimDecisionSchema,
    ClaimFilterArgs,
    ClaimSchema,
    EntryFilterArgs,
    EntrySchema,
    EntryUpdateSchema,
    ImportArgs,
    ImportResultSchema,
    MileageRateSchema,
    ReceiptSchema,
    YearFiguresSchema,
    YearSchema,
)
from .services.importer import import_entries

blp = routing.network_api_blueprint(
    "finance_api", __name__, "/finance", description="The LINk's finances: years, budget, ledger, expense claims"
)


@blp.route("/years")
class Years(MethodView):
    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(YearSchema))
    def get(self, args):
        """Financial years (April to March), newest first."""
        body, headers = paginate(
            db.session, select(FinancialYear).order_by(FinancialYear.start_year.desc(), FinancialYear.id), args
        )
        return body, 200, headers

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(YearSchema)
    @blp.response(201, YearSchema)
    def post(self, data):
        """Set up a financial year (years are also set up by the first entry dated in them)."""
        return commit_or_abort(lambda: services.open_year(data["start_year"]))


@blp.route("/years/<int:year_id>")
class Year(MethodView):
    @routing.require_roles(STAFF_ROLES)
    @loads(FinancialYear, "year_id")
    @blp.response(200, YearFiguresSchema)
    def get(self, year):
        """Budget against actual per budget line and per quarter, and income by source (pence)."""
        return queries.year_figures(year)


action(
    blp,
    "/years/<int:year_id>/budget",
    name="set_budget_line",
    roles=STAFF_ROLES,
    load=(FinancialYear, "year_id"),
    body=BudgetSetSchema,
    call=lambda year, **data: services.set_budget(year, data["category"], data["amount"]) and year,
    response=YearSchema,
    doc="Set one budget line of the year (409 when the year is closed).",
)
action(
    blp,
    "/years/<int:year_id>/mileage-rate",
    name="set_mileage_rate",
    roles=STAFF_ROLES,
    load=(FinancialYear, "year_id"),
    body=MileageRateSchema,
    call=lambda year, **data: services.set_mileage_rate(year, data["mileage_rate"]),
    response=YearSchema,
    doc="The rate a mile for volunteers' mileage claims in this year.",
)
action(
    blp,
    "/years/<int:year_id>/close",
    name="close_year",
    roles=STAFF_ROLES,
    load=(FinancialYear, "year_id"),
    call=services.close_year,
    response=YearSchema,
    doc="Close the year: its entries, budget and receipts are locked (changes answer 409).",
)


@blp.route("/entries")
class Entries(MethodView):
    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(EntryFilterArgs, location="query", as_kwargs=True)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(EntrySchema))
    def get(self, args, kind=None, year_id=None, category=None):
        """Ledger entries, newest first."""
        query = select(FinanceEntry).order_by(FinanceEntry.entry_on.desc(), FinanceEntry.id.desc())
        for column, value in (
            (FinanceEntry.kind, kind),
            (FinanceEntry.year_id, year_id),
            (FinanceEntry.category, category),
        ):
            if value is not None:
                query = query.where(column == value)
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(EntrySchema)
    @blp.response(201, EntrySchema)
    def post(self, data):
        """Record spending or income (the year its date falls in; 409 when that year is closed)."""
        return commit_or_abort(lambda: services.add_entry(**data))


@blp.route("/entries/<int:entry_id>")
class Entry(MethodView):
    @routing.require_roles(STAFF_ROLES)
    @loads(FinanceEntry, "entry_id")
    @blp.response(200, EntrySchema)
    def get(self, entry):
        return entry

    @routing.require_roles(STAFF_ROLES)
    @loads(FinanceEntry, "entry_id")
    @blp.arguments(EntryUpdateSchema)
    @blp.response(200, EntrySchema)
    def patch(self, data, entry):
        """Correct an entry of an open year; a closed year's entry is a 409 with the reason."""
        return commit_or_abort(lambda: services.update_entry(entry, **data))


action(
    blp,
    "/entries/<int:entry_id>/adjustments",
    name="adjust_entry",
    roles=STAFF_ROLES,
    load=(FinanceEntry, "entry_id"),
    body=AdjustmentSchema,
    call=lambda entry, **data: services.adjust_entry(entry, **data),
    response=EntrySchema,
    status=201,
    doc="A dated adjusting entry correcting this one (the way to correct a closed year).",
)


@blp.route("/entries/<int:entry_id>/receipts", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@loads(FinanceEntry, "entry_id")
@blp.response(201, ReceiptSchema)
def upload_receipt(entry):
    """A receipt (multipart field ``file``): a PDF or image by its content, at most 10 MB."""
    upload = request.files.get("file")
    content = upload.read() if upload is not None else b""
    return commit_or_abort(
        lambda: services.attach_receipt(entry, filename=getattr(upload, "filename", "") or "", content=content)
    )


@blp.route("/claims")
class Claims(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @blp.arguments(ClaimFilterArgs, location="query", as_kwargs=True)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(ClaimSchema))
    def get(self, args, status=None):
        """Expense claims: all of them for host staff, a member's own otherwise."""
        query = select(ExpenseClaim).order_by(ExpenseClaim.id.desc())
        if not routing.roles() & STAFF_ROLES:
            query = query.where(ExpenseClaim.claimant_id == principal().user.id)
        if status is not None:
            query = query.where(ExpenseClaim.status == status)
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @routing.require_roles(MEMBER_ROLES)
    @blp.arguments(ClaimSchema)
    @blp.response(201, ClaimSchema)
    def post(self, data):
        """Claim your own expenses and mileage (at the year's rate a mile)."""
        return commit_or_abort(lambda: services.submit_claim(claimant=principal().user, **data))


@blp.route("/claims/<int:claim_id>")
class Claim(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @loads(ExpenseClaim, "claim_id")
    @blp.response(200, ClaimSchema)
    def get(self, claim):
        if not routing.roles() & STAFF_ROLES and claim.claimant_id != principal().user.id:
            from flask import abort

            abort(404)  # another member's claim
        return claim


action(
    blp,
    "/claims/<int:claim_id>/approve",
    name="approve_claim",
    roles=STAFF_ROLES,
    load=(ExpenseClaim, "claim_id"),
    body=ClaimDecisionSchema,
    call=lambda claim, **data: services.approve_claim(claim, approver=principal().user, **data),
    response=ClaimSchema,
    doc="Approve a claim (host staff other than the claimant).",
)
action(
    blp,
    "/claims/<int:claim_id>/reject",
    name="reject_claim",
    roles=STAFF_ROLES,
    load=(ExpenseClaim, "claim_id"),
    body=ClaimDecisionSchema,
    call=lambda claim, **data: services.reject_claim(claim, approver=principal().user, **data),
    response=ClaimSchema,
    doc="Reject a claim with the reason (host staff other than the claimant).",
)
action(
    blp,
    "/claims/<int:claim_id>/pay",
    name="pay_claim",
    roles=STAFF_ROLES,
    load=(ExpenseClaim, "claim_id"),
    call=services.pay_claim,
    response=ClaimSchema,
    doc="Pay an approved claim: records its spending entry (volunteer expenses) today.",
)


@blp.route("/import", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
@blp.arguments(ImportArgs, location="query")
@blp.response(200, ImportResultSchema)
def import_csv(args):
    """A bank or ledger export as CSV (multipart field ``file``): every line checked, errors
    by line number (422), all or nothing. ``dry_run`` (default true) only checks."""
    upload = request.files.get("file")
    if upload is None:
        _line_errors([(0, "choose a CSV file")])
    result = import_entries(upload.stream, dry_run=args["dry_run"])
    if not result.ok:
        _line_errors(result.errors)
    if not args["dry_run"]:
        db.session.commit()
    return {
        "rows": result.rows,
        "imported": not args["dry_run"],
        "spending_pence": result.spending_pence,
        "income_pence": result.income_pence,
    }


def _line_errors(errors):
    error = UnprocessableEntity("The file has problems; nothing was imported.")
    error.data = {"messages": {"files": {"file": [f"Line {n}: {m}" if n else m for n, m in errors]}}}
    raise error
