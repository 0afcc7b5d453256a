"""Waits against a hand-computed fixture (docs/clinical-definitions.md §4)."""

from datetime import date

import pytest

from stepcare.clients.waits import days_waited, gap_markers, second_contact_gap, wait_band

# referral date, until, days (counted by hand on a calendar), band
FIXTURE = [
    (date(2026, 1, 1), date(2026, 2, 12), 42, "within_6"),  # exactly 6 weeks
    (date(2026, 1, 1), date(2026, 2, 13), 43, "within_18"),
    (date(2026, 1, 1), date(2026, 5, 7), 126, "within_18"),  # exactly 18 weeks
    (date(2026, 1, 1), date(2026, 5, 8), 127, "over_18"),
    (date(2024, 2, 28), date(2024, 3, 1), 2, "within_6"),  # leap year
    (date(2026, 10, 20), date(2026, 10, 20), 0, "within_6"),
]


@pytest.mark.parametrize(("referred", "until", "days", "band"), FIXTURE)
def test_days_and_bands_match_hand_computed_fixture(referred, until, days, band):
    assert days_waited(referred, until) == days
    assert wait_band(days).key == band


def test_a_wait_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        days_waited(date(2026, 2, 1), date(2026, 1, 31))


def test_first_to_second_contact_gap_markers():
    assert second_contact_gap(date(2026, 3, 1), date(2026, 3, 29)) == 28
    assert gap_markers(28) == (False, False)
    assert gap_markers(29) == (True, False)
    assert gap_markers(91) == (True, True)
    assert gap_markers(None) == (False, False)
    assert second_contact_gap(date(2026, 3, 1), None) is None
