"""Check digits of national identifiers (pure functions, no Django).

- Israeli ID (Teudat Zehut): 9 digits; digits weighted 1,2,1,2,...; two-digit
  products have their digits summed; the total must be a multiple of 10.
- NHS number: 10 digits; the first nine weighted 10 down to 2; 11 minus the
  remainder mod 11 is the check digit (11 -> 0; 10 means the number is invalid).
  Source: NHS Data Dictionary, "NHS Number".
"""

from __future__ import annotations


def israeli_id_is_valid(value: str) -> bool:
    value = value.strip()
    if not value.isdigit() or not 5 <= len(value) <= 9:
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
    value = value.replace(" ", "").replace("-", "")
    if len(value) != 10 or not value.isdigit():
        return False
    return nhs_number_check_digit(value[:9]) == int(value[9])
