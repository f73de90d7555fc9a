"""The money parser: integer pence from text, every bad input a message (property-based)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linkhub.tenants.finance.money import MAX_PENCE, MoneyError, parse_money, plain, pounds

pence = st.integers(min_value=0, max_value=MAX_PENCE)


@given(pence)
def test_plain_text_round_trips(p):
    assert parse_money(plain(p)) == p


@given(pence)
def test_pounds_text_with_sign_and_commas_round_trips(p):
    assert parse_money(pounds(p)) == p
    assert parse_money(pounds(-p), allow_negative=True) == -p


@given(st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False))
def test_any_two_place_decimal_is_exact(value):
    assert parse_money(str(value)) == int(value * 100)


@given(
    st.decimals(min_value=0, max_value=1_000_000, places=6, allow_nan=False, allow_infinity=False).filter(
        lambda d: d != d.quantize(Decimal("0.01"))
    )
)
def test_more_than_two_decimal_places_is_refused(value):
    with pytest.raises(MoneyError, match="2 decimal places"):
        parse_money(format(value, "f"))


@given(st.integers(min_value=1, max_value=MAX_PENCE))
def test_negative_is_refused_unless_allowed(p):
    with pytest.raises(MoneyError, match="positive"):
        parse_money(plain(-p))
    assert parse_money(plain(-p), allow_negative=True) == -p


@settings(max_examples=300)
@given(st.text(max_size=12))
def test_any_text_is_pence_or_a_message_never_a_crash(text):
    try:
        result = parse_money(text, allow_negative=True)
    except MoneyError as exc:
        assert str(exc)
    else:
        assert isinstance(result, int) and abs(result) <= MAX_PENCE


@pytest.mark.parametrize(
    "text,message",
    [
        ("", "Enter the amount"),
        ("abc", "number of pounds"),
        ("12,34", "number of pounds"),
        ("1.2.3", "number of pounds"),
        ("12.345", "2 decimal places"),
        ("-5", "positive"),
        ("1e3", "number of pounds"),
        ("NaN", "number of pounds"),
        ("99999999999", "less than"),
    ],
)
def test_bad_input_messages(text, message):
    with pytest.raises(MoneyError, match=message):
        parse_money(text)


def test_floats_are_refused_and_good_shapes_parse():
    with pytest.raises(MoneyError, match="as text"):
        parse_money(12.5)
    assert parse_money("£1,234.5") == 123450
    assert parse_money(".5") == 50
    assert parse_money("12.") == 1200
    assert parse_money(" £ 7 ") == 700
    assert pounds(-500) == "-£5.00"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.integers(min_value=-5_000_000, max_value=5_000_000).filter(bool), min_size=1, max_size=30))
def test_a_bank_export_sums_to_the_penny(app, world, amounts):
    """Amounts read from a CSV are summed in integer pence: no float drift however many lines."""
    import io as _io

    from linkhub.platform.tenancy import network_scope
    from linkhub.tenants.finance.services.importer import import_entries

    lines = ["date,counterparty,amount"] + [f"2026-05-0{1 + i % 9},Bank,{plain(p)}" for i, p in enumerate(amounts)]
    with network_scope(world.a.id):
        result = import_entries(_io.BytesIO("\n".join(lines).encode()), dry_run=True)
    assert result.ok, result.errors
    assert result.spending_pence == -sum(p for p in amounts if p < 0)
    assert result.income_pence == sum(p for p in amounts if p > 0)
