"""Check digits of national identifiers (pure functions, no Django).

- Israeli ID (Teudat Zehut): 9 digits; digits weighted 1,2,1,2,...; two-digit
  products have their digits summed; the total must be a multiple of 10.
- NHS number: 10 digits; the first nine weighted 10 down to 2; 11 minus the
  remainder mod 11 is the check digit (11 -> 0; 10 means the number is invalid).
  Source: NHS Data Dictionary, "NHS Number".

People type identifiers with spaces or dashes ("943 476 5919", "943-476-5919") and, in
Arabic or Hebrew keyboards, sometimes in Arabic-Indic digits; ``normalise_identifier`` is
the one place that turns what was typed into what is stored and searched for.
"""

from __future__ import annotations

import re
import unicodedata

# Hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus sign,
# and the Hebrew maqaf: all typed between groups of digits.
_SEPARATORS = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2212\u05be")
ISRAELI_ID = "israeli_id"
NHS_NUMBER = "nhs_number"
_CLIENT_REFERENCE = re.compile(r"^[Cc]0*([1-9][0-9]{0,11})$")


def normalise_identifier(value: str, kind: str = "") -> str:
    """An identifier as stored: separators and spaces removed, any decimal digit made ASCII.

    An Israeli ID of 5 to 8 digits is padded to nine with leading zeros (the ID's written
    form; the check digit is unchanged by them), so "12345674" and "012345674" are the same
    client. Anything that is not an identifier is returned compacted, never raising:
    the check-digit functions below then refuse it.
    """
    chars = []
    for char in value:
        if char.isspace() or char in _SEPARATORS:
            continue
        digit = unicodedata.decimal(char, None)
        chars.append(str(digit) if digit is not None else char)
    compact = "".join(chars)
    if kind == ISRAELI_ID and _ascii_digits(compact) and 5 <= len(compact) < 9:
        compact = compact.zfill(9)
    return compact


def client_reference(pk: int) -> str:
    """The client reference printed on letters and pages ("C-000062")."""
    return f"C-{pk:06d}"


def client_reference_pk(value: str) -> int | None:
    """The primary key in a typed client reference ("C-000062", "c62", "C 62"), or None."""
    match = _CLIENT_REFERENCE.match(normalise_identifier(value))
    return int(match.group(1)) if match else None


def _ascii_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def israeli_id_is_valid(value: str) -> bool:
    value = normalise_identifier(value, ISRAELI_ID)
    if not _ascii_digits(value) or not 5 <= len(value) <= 9:
        return False
    digits = value.zfill(9)
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (1 if index % 2 == 0 else 2)
        total += product - 9 if product > 9 else product
    return total % 10 == 0


def israeli_id_with_check_digit(first_eight: str) -> str:
    for check in "0123456789":
        if israeli_id_is_valid(first_eight + check):
            return first_eight + check
    raise ValueError("unreachable: one check digit always fits")


def nhs_number_check_digit(first_nine: str) -> int | None:
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_number_is_valid(value: str) -> bool:
    value = normalise_identifier(value, NHS_NUMBER)
    if len(value) != 10 or not _ascii_digits(value):
        return False
    return nhs_number_check_digit(value[:9]) == int(value[9])
