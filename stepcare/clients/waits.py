"""Waiting-time rules (pure; no Django). docs/clinical-definitions.md §4:

- the clock runs from the referral date;
- within 6 weeks = at most 42 days; within 18 weeks = at most 126 days [NHSE-AWT];
- hidden waits: first to second attended treatment contact, counted over 28 and
  over 90 days [NHSE-REPO].
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SIX_WEEKS_DAYS = 42
EIGHTEEN_WEEKS_DAYS = 126
SECOND_CONTACT_MARKERS = (28, 90)


def days_waited(referred_on: date, until: date) -> int:
    """Whole days from the referral date to ``until`` (the first treatment, or today)."""
    if until < referred_on:
        raise ValueError("the end of a wait cannot be before the referral date")
    return (until - referred_on).days


@dataclass(frozen=True)
class WaitBand:
    key: str  # "within_6", "within_18", "over_18"
    within_6_weeks: bool
    within_18_weeks: bool


def wait_band(days: int) -> WaitBand:
    return WaitBand(
        key="within_6" if days <= SIX_WEEKS_DAYS else "within_18" if days <= EIGHTEEN_WEEKS_DAYS else "over_18",
        within_6_weeks=days <= SIX_WEEKS_DAYS,
        within_18_weeks=days <= EIGHTEEN_WEEKS_DAYS,
    )


def second_contact_gap(first: date | None, second: date | None) -> int | None:
    """Days between the first and second attended treatment contacts (None until both)."""
    if first is None or second is None:
        return None
    return (second - first).days


def gap_markers(gap: int | None) -> tuple[bool, bool]:
    """(over 28 days, over 90 days) for a first-to-second contact gap."""
    if gap is None:
        return (False, False)
    return (gap > SECOND_CONTACT_MARKERS[0], gap > SECOND_CONTACT_MARKERS[1])
