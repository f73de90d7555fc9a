"""Finances in each test network: a year with a budget, spending with a receipt, income, an
adjusting entry, and an expense claim (every finance table gets rows)."""

from datetime import date

from linkhub.tenants.finance import services as finance

PDF = b"%PDF-1.4\n% a tiny receipt\n"


def build(w, network):
    year = finance.open_year(2025)
    finance.set_budget(year, "events", "1500.00")
    spent = finance.add_entry(
        kind="spending",
        entry_on=date(2025, 5, 12),
        category="events",
        counterparty=f"{network.name} Community Hall",
        amount="120.00",
    )
    finance.add_entry(
        kind="income", entry_on=date(2025, 4, 2), category="la_grant", counterparty="Council", amount="50000"
    )
    receipt = finance.attach_receipt(spent, filename="hall.pdf", content=PDF)
    finance.adjust_entry(spent, amount="-20.00", reason="Refund of the deposit", entry_on=date(2025, 6, 1))
    member = w.users["member_a" if network.slug == "alpha" else "admin_b"]
    claim = finance.submit_claim(claimant=member, spent_on=date(2025, 5, 3), description="Bus fare", expenses="4.80")
    return {"year_id": year.id, "entry_id": spent.id, "receipt_id": receipt.id, "claim_id": claim.id}
