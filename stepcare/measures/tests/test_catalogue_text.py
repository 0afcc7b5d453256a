"""stepcare's own wording in the instrument files (bands, item labels, notes, risk-flag
messages) is shown through gettext in the interface's language; questionnaire wording is not."""

from __future__ import annotations

from pathlib import Path

import pytest

from stepcare.measures import catalogue_text
from stepcare.measures.tests.helpers import record

STRINGS_FILE = Path(catalogue_text.__file__).with_name("catalogue_strings.py")
RISKY_PHQ9 = {"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 1, "q9": 1}


def test_the_strings_for_the_translators_match_the_instrument_files():
    assert STRINGS_FILE.read_text(encoding="utf-8") == catalogue_text.strings_module(), (
        "regenerate: .venv/bin/python -m stepcare.measures.catalogue_text > stepcare/measures/catalogue_strings.py"
    )


def test_the_strings_hold_bands_notes_and_risk_messages_but_no_questionnaire_wording():
    source = STRINGS_FILE.read_text(encoding="utf-8")
    assert "pgettext_lazy('score label', 'Moderately severe')" in source
    assert "pgettext_lazy('risk flag', 'PHQ-9 item 9 (thoughts of death or self-harm) scored above 0: review risk.')" in source
    assert "Item 10 (difficulty) is asked but not scored." in source
    assert "Little interest or pleasure in doing things" not in source  # PHQ-9 item 1's wording
    assert "Several days" not in source  # an answer option


@pytest.fixture
def marked(monkeypatch):
    """Every catalogue string shown as «text» (as a translation would replace it)."""
    monkeypatch.setattr(catalogue_text, "pgettext", lambda context, text: f"«{text}»")


@pytest.mark.django_db
def test_a_response_shows_its_band_and_risk_flag_through_the_translation(login, world, marked):
    client = login(world.pwp_a1)
    referral = world.client_a1.referrals.get()
    response = record(referral, answers=RISKY_PHQ9)
    page = client.get(f"/measures/responses/{response.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "«Moderate»" in body
    assert "«PHQ-9 item 9 (thoughts of death or self-harm) scored above 0: review risk.»" in body
    assert "«Thoughts of death or self-harm»" not in body  # PHQ-9 items show their wording, not labels
    assert "Thoughts that you would be better off dead" in body


@pytest.mark.django_db
def test_history_chart_catalogue_and_referral_show_bands_through_the_translation(login, world, marked):
    client = login(world.pwp_a1)
    referral = world.client_a1.referrals.get()
    record(referral, days_ago=7)
    record(referral)
    for url, expected in [
        (f"/measures/clients/{world.client_a1.pk}/PHQ9/", '<text class="chart-band-label"'),
        (f"/measures/clients/{world.client_a1.pk}/", "«Moderate»"),
        (f"/referrals/{referral.pk}/", "«Moderate»"),
        ("/measures/", "«Moderately severe»"),
        ("/measures/", "«Commonly used NHS Talking Therapies value; no primary source confirmed"),
        ("/measures/instruments/PHQ9/", "«Item 10 (difficulty) is asked but not scored.»"),
        ("/measures/instruments/CORE10/", "«Made plans to end my life (RISK)»"),
    ]:
        page = client.get(url)
        assert page.status_code == 200, url
        body = page.content.decode()
        assert expected in body, url
        assert "«Moderate»" in body or url.endswith("/CORE10/") or "instruments" in url, url


@pytest.mark.django_db
def test_chart_dates_keep_their_order_inside_right_to_left_text(login, world):
    """Each axis date is isolated, so "11 בספט 2026" is not drawn as "11 2026 בספט"."""
    client = login(world.pwp_a1)
    referral = world.client_a1.referrals.get()
    record(referral, days_ago=7)
    record(referral)
    client.cookies["django_language"] = "he"
    page = client.get(f"/measures/clients/{world.client_a1.pk}/PHQ9/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'text-anchor="start">\u2068' in body and "2026\u2069</text>" in body


@pytest.mark.django_db
def test_subscales_are_shown_by_label_through_the_translation(login, world, marked):
    client = login(world.pwp_a1)
    referral = world.client_a1.referrals.get()
    response = record(referral, "IESR", {f"q{n}": 1 for n in range(1, 23)}, language="")
    page = client.get(f"/measures/responses/{response.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "«Intrusion»:" in body and ">intrusion:" not in body
