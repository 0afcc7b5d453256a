"""A letter names each score's severity band in the letter's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from stepcare.assessment.letters import measures_at_assessment
from stepcare.measures import catalogue_text
from stepcare.measures.tests.helpers import record


@pytest.mark.django_db
def test_letter_band_is_translated_into_the_letters_language(world, monkeypatch):
    referral = world.client_a1.referrals.get()
    record(referral)  # PHQ-9 of 11: moderate
    seen = []
    monkeypatch.setattr(
        catalogue_text, "pgettext", lambda context, text: seen.append(translation.get_language()) or f"«{text}»"
    )
    with translation.override("he"):
        lines = measures_at_assessment(referral)
    assert [line.band for line in lines] == ["«Moderate»"]
    assert seen == ["he"]
