"""Telephone numbers as people type them, read with ``phonenumbers`` (Google's libphonenumber).

A contact's number is stored in E.164 (``+441142711900``) so one number matches however it was
written: ``0114 271 1900``, ``(0114) 271 1900``, ``+44 (0)114 271 1900``, ``0044 114 271 1900``
and ``+44 114 2711900`` are one person. A number without a country code is read as a UK number
(``DEFAULT_REGION``); one with ``+`` or ``00`` keeps its own country (``+33 1 42 68 53 00``).
An extension (``ext 5``) is not part of the match: it is the same line.

A number is accepted when it has a possible length for its country (with its area code), not only when its range is
allocated: Ofcom's drama ranges (01632 960xxx, 07700 900xxx) and new ranges still match people.
"""

from __future__ import annotations

import phonenumbers

DEFAULT_REGION = "GB"


class NotAPhoneNumber(ValueError):
    pass


def normalise_phone(text: str | None) -> str | None:
    """E.164 for a number typed any usual way; None when nothing was given.

    Raises :class:`NotAPhoneNumber` when the text is not a telephone number.
    """
    text = (text or "").strip()
    if not text:
        return None
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException as error:
        raise NotAPhoneNumber(text) from error
    # IS_POSSIBLE_LOCAL_ONLY (a number without its area code) is not enough to tell people apart.
    if phonenumbers.is_possible_number_with_reason(number) != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise NotAPhoneNumber(text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(stored: str | None) -> str:
    """A stored number as people read it: national format for UK numbers, international otherwise."""
    if not stored:
        return ""
    try:
        number = phonenumbers.parse(stored, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return stored
    region = phonenumbers.region_code_for_number(number)
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if region == DEFAULT_REGION
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
