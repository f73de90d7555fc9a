"""Finance pages: years with budget against actual (charts with their tables), the ledger,
receipts, adjusting entries, closing a year, CSV import, and volunteer expense claims.

Host staff and network admins keep the ledger; every member may claim expenses and sees their
own claims. A page that would change a closed year answers 409 with the reason.
"""

from __future__ import annotations

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from linkhub.platform import routing, shell
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.charts import bar_chart
from linkhub.platform.db import db
from linkhub.platform.services import ServiceError
from linkhub.platform.spreadsheet import safe_cell
from linkhub.tenants.common.forms import ConfirmForm
from linkhub.tenants.common.pages import button, form_page
from linkhub.tenants.workprogramme.models import WorkItem

from . import queries, services
from .forms import (
    AdjustForm,
    ClaimForm,
    DecisionForm,
    ImportForm,
    IncomeForm,
    MileageRateForm,
    ReceiptForm,
    SpendingForm,
    YearForm,
    budget_form,
)
from .models import CATEGORIES, CLAIM_STATUSES, QUARTERS, BudgetLine, ExpenseClaim, FinanceEntry, FinancialYear, Receipt
from .money import plain, pounds

bp = routing.network_blueprint("finance", __name__, "/finance", template_folder="templates")


def _nav(network, roles):
    if roles & STAFF_ROLES:
        return [{"href": url_for("finance.index", network_slug=network.slug), "text": "Finances"}]
    return [{"href": url_for("finance.claims", network_slug=network.slug), "text": "Expense claims"}]


shell.nav_providers.append(_nav)


def _is_staff() -> bool:
    return bool(routing.roles() & STAFF_ROLES)


def _open_or_409(year: FinancialYear) -> None:
    try:
        services.locked(year)
    except ServiceError as exc:
        abort(409, exc.message)


@bp.app_template_filter("pounds")
def _pounds(pence):
    return pounds(pence)


@bp.route("/")
@routing.require_roles(STAFF_ROLES)
def index():
    years = queries.years()
    waiting = db.session.scalars(
        select(ExpenseClaim).where(ExpenseClaim.status.in_(("submitted", "approved"))).order_by(ExpenseClaim.id)
    ).all()
    figures = queries.year_figures(years[0]) if years else None
    return render_template("finance/index.html", years=years, waiting=waiting, figures=figures)


@bp.route("/years/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_year():
    form = YearForm()
    return form_page(
        form,
        lambda: services.open_year(form.start_year.data),
        success="The financial year has been set up.",
        then=lambda year: url_for("finance.year", year_id=year.id),
        title="Set up a financial year",
        back=url_for("finance.index"),
    )


@bp.route("/years/<int:year_id>")
@routing.require_roles(STAFF_ROLES)
def year(year_id: int):
    fy = routing.get_or_404(FinancialYear, year_id)
    figures = queries.year_figures(fy)
    entries = db.session.scalars(
        select(FinanceEntry)
        .where(FinanceEntry.year_id == fy.id)
        .order_by(FinanceEntry.entry_on.desc(), FinanceEntry.id.desc())
        .limit(200)
    ).all()
    line_chart = bar_chart(
        "Spending against budget per budget line",
        [(f"{line.label} (spent)", line.actual_pence, pounds(line.actual_pence)) for line in figures.lines],
    )
    quarter_chart = bar_chart(
        "Spending per quarter",
        [(q.split(" ")[0], total, pounds(total)) for q, total in zip(QUARTERS, figures.quarter_totals)],
    )
    return render_template(
        "finance/year.html",
        year=fy,
        figures=figures,
        entries=entries,
        quarters=QUARTERS,
        line_chart=line_chart,
        quarter_chart=quarter_chart,
    )


@bp.route("/years/<int:year_id>/entries.csv")
@routing.require_roles(STAFF_ROLES)
def entries_csv(year_id: int):
    fy = routing.get_or_404(FinancialYear, year_id)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "date", "kind", "category", "counterparty", "description", "amount", "adjusts", "source"])
    for e in db.session.scalars(
        select(FinanceEntry).where(FinanceEntry.year_id == fy.id).order_by(FinanceEntry.entry_on, FinanceEntry.id)
    ):
        writer.writerow(
            [
                e.id,
                e.entry_on.isoformat(),
                e.kind,
                e.category,
                safe_cell(e.counterparty),
                safe_cell(e.description),
                plain(e.amount_pence if e.kind == "income" else -e.amount_pence),
                e.adjusts_id or "",
                e.source,
            ]
        )
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="finances-{fy.label}.csv"'
    return response


@bp.route("/years/<int:year_id>/budget", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def budget(year_id: int):
    fy = routing.get_or_404(FinancialYear, year_id)
    _open_or_409(fy)
    lines = dict(
        db.session.execute(
            select(BudgetLine.category, BudgetLine.amount_pence).where(BudgetLine.year_id == fy.id)
        ).all()
    )
    form = budget_form(fy, lines)
    return form_page(
        form,
        lambda: services.set_budget_lines(fy, {key: getattr(form, key).data for key in CATEGORIES}),
        success=f"The budget for {fy.label} has been saved.",
        then=lambda _: url_for("finance.year", year_id=fy.id),
        title=f"Budget for {fy.label}",
        back=url_for("finance.year", year_id=fy.id),
    )


@bp.route("/years/<int:year_id>/mileage-rate", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def mileage_rate(year_id: int):
    fy = routing.get_or_404(FinancialYear, year_id)
    _open_or_409(fy)
    form = MileageRateForm(data=None if request.method == "POST" else {"mileage_rate": plain(fy.mileage_rate_pence)})
    return form_page(
        form,
        lambda: services.set_mileage_rate(fy, form.mileage_rate.data),
        success=f"The mileage rate for {fy.label} has been saved.",
        then=lambda _: url_for("finance.year", year_id=fy.id),
        title=f"Mileage rate for {fy.label}",
        back=url_for("finance.year", year_id=fy.id),
    )


@bp.route("/years/<int:year_id>/close", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def close(year_id: int):
    fy = routing.get_or_404(FinancialYear, year_id)
    _open_or_409(fy)
    if request.method == "POST":
        return button(
            lambda: services.close_year(fy),
            success=f"The financial year {fy.label} is closed. Its records can no longer change.",
            then=url_for("finance.year", year_id=fy.id),
        )
    return render_template("finance/close.html", year=fy, form=ConfirmForm())


def _work_items(form) -> None:
    items = db.session.scalars(select(WorkItem).order_by(WorkItem.title)).all()
    form.work_item_id.choices = [(0, "Not for a work item")] + [(i.id, i.title) for i in items]


@bp.route("/spending/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_spending():
    form = SpendingForm()
    _work_items(form)
    return form_page(
        form,
        lambda: services.add_entry(
            kind="spending",
            entry_on=form.entry_on.data,
            category=form.category.data,
            counterparty=form.counterparty.data,
            amount=form.amount.data,
            description=form.description.data or "",
            work_item_id=form.work_item_id.data or None,
        ),
        success="The spending has been recorded.",
        then=lambda entry: url_for("finance.entry", entry_id=entry.id),
        title="Record spending",
        back=url_for("finance.index"),
    )


@bp.route("/income/new", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def new_income():
    form = IncomeForm()
    return form_page(
        form,
        lambda: services.add_entry(
            kind="income",
            entry_on=form.entry_on.data,
            category=form.category.data,
            counterparty=form.counterparty.data,
            amount=form.amount.data,
            description=form.description.data or "",
        ),
        success="The income has been recorded.",
        then=lambda entry: url_for("finance.entry", entry_id=entry.id),
        title="Record income",
        back=url_for("finance.index"),
    )


@bp.route("/entries/<int:entry_id>", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def entry(entry_id: int):
    """An entry with its receipts; POST uploads a receipt."""
    item = routing.get_or_404(FinanceEntry, entry_id)
    form = ReceiptForm()
    status = 200
    if request.method == "POST":
        _open_or_409(item.year)
        if form.validate_on_submit():
            upload = form.file.data
            try:
                services.attach_receipt(item, filename=upload.filename or "", content=upload.read())
                db.session.commit()
                flash("The receipt has been uploaded.", "success")
                return redirect(url_for("finance.entry", entry_id=item.id))
            except ServiceError as exc:
                db.session.rollback()
                form.file.errors = list(form.file.errors) + [exc.message]
        status = 422
    corrections = db.session.scalars(select(FinanceEntry).where(FinanceEntry.adjusts_id == item.id)).all()
    return render_template("finance/entry.html", entry=item, form=form, corrections=corrections), status


@bp.route("/entries/<int:entry_id>/edit", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def edit_entry(entry_id: int):
    item = routing.get_or_404(FinanceEntry, entry_id)
    _open_or_409(item.year)
    form = (SpendingForm if item.kind == "spending" else IncomeForm)(
        obj=None if request.method == "POST" else item,
        data=None if request.method == "POST" else {"amount": plain(item.amount_pence)},
    )
    if item.kind == "spending":
        _work_items(form)
        if request.method == "GET":
            form.work_item_id.data = item.work_item_id or 0

    def save():
        changes = dict(
            entry_on=form.entry_on.data,
            category=form.category.data,
            counterparty=form.counterparty.data,
            amount=form.amount.data,
            description=form.description.data or "",
        )
        if item.kind == "spending":
            changes["work_item_id"] = form.work_item_id.data or None
        return services.update_entry(item, **changes)

    return form_page(
        form,
        save,
        success="The entry has been updated.",
        then=lambda e: url_for("finance.entry", entry_id=e.id),
        title=f"Change entry {item.id}",
        back=url_for("finance.entry", entry_id=item.id),
    )


@bp.route("/entries/<int:entry_id>/adjust", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def adjust(entry_id: int):
    item = routing.get_or_404(FinanceEntry, entry_id)
    form = AdjustForm()
    return form_page(
        form,
        lambda: services.adjust_entry(
            item, amount=form.amount.data, reason=form.reason.data, entry_on=form.entry_on.data
        ),
        success="The adjusting entry has been recorded.",
        then=lambda e: url_for("finance.entry", entry_id=e.id),
        title=f"Correct entry {item.id} with an adjusting entry",
        caption=f"{item.counterparty}, {pounds(item.amount_pence)} on {item.entry_on.strftime('%-d %B %Y')}",
        back=url_for("finance.entry", entry_id=item.id),
    )


@bp.route("/receipts/<int:receipt_id>")
@routing.require_roles(STAFF_ROLES)
def receipt(receipt_id: int):
    item = routing.get_or_404(Receipt, receipt_id)
    response = Response(item.content, mimetype=item.content_type)
    safe = "".join(c for c in item.filename if c.isalnum() or c in "._- ")[:100] or "receipt"
    response.headers["Content-Disposition"] = f'attachment; filename="{safe}"'
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


@bp.route("/import", methods=["GET", "POST"])
@routing.require_roles(STAFF_ROLES)
def import_csv():
    """A dry run first (preview and line errors); the checked file is kept for "Import"."""
    from linkhub.tenants.feedback.services.importer import keep_checked_file, take_checked_file

    from .services.importer import COLUMNS, import_entries

    form = ImportForm()
    result, kept_token = None, None
    if request.method == "POST" and request.form.get("confirm"):
        kept = take_checked_file(request.form["confirm"], current_user.id)
        if kept is None:
            form.file.errors = ["The checked file has expired or was imported already: choose the file again"]
        else:
            result = import_entries(io.BytesIO(kept.content), dry_run=False)
            if result.ok:
                db.session.commit()
                flash(f"{result.rows:,} entries imported.", "success")
                return redirect(url_for("finance.index"))
    elif form.validate_on_submit():
        content = form.file.data.read()
        result = import_entries(io.BytesIO(content), dry_run=True)
        if result.ok:
            kept_token = keep_checked_file(content, form.file.data.filename or "", result.rows, current_user.id)
            db.session.commit()
    status = 422 if result is not None and not result.ok else 200
    return render_template(
        "finance/import.html", form=form, result=result, columns=COLUMNS, kept_token=kept_token
    ), status


# --- volunteer expense claims ------------------------------------------------------------------


@bp.route("/claims/")
@routing.require_roles(MEMBER_ROLES)
def claims():
    query = select(ExpenseClaim).order_by(ExpenseClaim.id.desc())
    if not _is_staff():
        query = query.where(ExpenseClaim.claimant_id == current_user.id)
    return render_template(
        "finance/claims.html", claims=db.session.scalars(query.limit(500)).all(), is_staff=_is_staff()
    )


@bp.route("/claims/new", methods=["GET", "POST"])
@routing.require_roles(MEMBER_ROLES)
def new_claim():
    form = ClaimForm()
    return form_page(
        form,
        lambda: services.submit_claim(
            claimant=current_user,
            spent_on=form.spent_on.data,
            description=form.description.data,
            expenses=form.expenses.data or "0",
            miles=form.miles.data or "0",
        ),
        success="Your claim has been sent to host staff for approval.",
        then=lambda claim: url_for("finance.claim", claim_id=claim.id),
        title="Claim expenses",
        back=url_for("finance.claims"),
        intro="Claim money you spent on LINk work, and miles you drove, at the rate the host pays.",
    )


@bp.route("/claims/<int:claim_id>", methods=["GET", "POST"])
@routing.require_roles(MEMBER_ROLES)
def claim(claim_id: int):
    item = routing.get_or_404(ExpenseClaim, claim_id)
    if not _is_staff() and item.claimant_id != current_user.id:
        abort(404)  # another member's claim
    form = DecisionForm()
    if request.method == "POST":
        if not _is_staff():
            abort(403)
        if form.validate_on_submit():
            decide = services.approve_claim if form.decision.data == "approve" else services.reject_claim
            try:
                decide(item, approver=current_user, note=form.note.data or "")
                db.session.commit()
                flash(f"Claim {item.id} is {item.status_label.lower()}.", "success")
                return redirect(url_for("finance.claim", claim_id=item.id))
            except ServiceError as exc:
                db.session.rollback()
                if exc.status != 422:
                    abort(exc.status, exc.message)
                form.note.errors = list(form.note.errors) + [exc.message]
    return render_template(
        "finance/claim.html",
        claim=item,
        form=form,
        pay_form=ConfirmForm(),
        is_staff=_is_staff(),
        statuses=CLAIM_STATUSES,
        own=item.claimant_id == current_user.id,
    )


@bp.route("/claims/<int:claim_id>/pay", methods=["POST"])
@routing.require_roles(STAFF_ROLES)
def pay_claim(claim_id: int):
    item = routing.get_or_404(ExpenseClaim, claim_id)
    return button(
        lambda: services.pay_claim(item),
        success=f"Claim {item.id} is paid and recorded as spending.",
        then=url_for("finance.claim", claim_id=item.id),
    )
