"""Returns in each test network: a sent six-monthly return, a draft annual report, an indicator
with a value, and a joint review (every returns table gets rows)."""

from datetime import date

from linkhub.tenants.returns import services as returns


def build(w, network):
    sent = returns.start_return(kind="six_monthly", period_start=date(2025, 4, 1))
    returns.write_narrative(sent, summary=f"{network.name} had a busy half-year.")
    returns.submit_return(sent)
    draft = returns.start_return(kind="annual", period_start=date(2025, 4, 1))
    indicator = returns.add_indicator(
        name="Feedback received", definition="Items of feedback", target=10, frequency="quarterly", measure="manual"
    )
    returns.record_value(indicator, period_start=date(2025, 4, 1), value=12)
    review = returns.record_review(
        period_start=date(2025, 4, 1),
        period_end=date(2025, 9, 30),
        held_on=date(2025, 10, 20),
        attendees="Contract officer; LINk chair",
        findings="On track.",
    )
    published = returns.start_return(kind="annual", period_start=date(2024, 4, 1))
    returns.submit_return(published)
    returns.publish_annual(published)
    return {
        "public_ref": published.public_ref,
        "return_id": sent.id,
        "draft_return_id": draft.id,
        "indicator_id": indicator.id,
        "review_id": review.id,
    }
