"""Reading identifiers from a request: a crafted value is "not found", never a server error."""

from __future__ import annotations

# Larger than any primary key a database here holds (PostgreSQL bigint, SQLite integer).
MAX_ID = 2**63 - 1


def int_param(value: str | None) -> int | None:
    """A positive whole number typed in ASCII digits, or None (``abc``, ``²``, ``١``, ``-1``,
    a 30-digit number)."""
    value = (value or "").strip()
    if not value or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if 0 < number <= MAX_ID else None
