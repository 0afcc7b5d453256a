"""Issue 8 items 4 and 5: an alert says what was reported in the reader's language, and links
to where it came from (the risk assessment or the questionnaire)."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from stepcare.clients import services as client_services
from stepcare.measures.services import measure_response_record
from stepcare.risk.models import RiskAlert
from stepcare.risk.services import risk_alert_raise
from stepcare.testing import make_assessment

pytestmark = pytest.mark.django_db


def _phq9(world, item9):
    referral = world.client_a1.referrals.get()
    return measure_response_record(
        actor=world.pwp_a1, referral=referral, instrument_code="PHQ9",
        answers={f"q{i}": 0 for i in range(1, 11)} | {"q9": item9}, completed_at=timezone.now(), language="en",
    )


def test_an_assessment_alert_is_worded_in_the_readers_language(world):
    referral = world.client_a1.referrals.get()
    make_assessment(referral, level="high", plans=True)
    alert = RiskAlert.objects.get(referral=referral)
    assert alert.reason == "assessment_risk" and alert.facts == {"level": "high", "suicidal_thoughts": "none", "domains": ["plans"]}
    assert alert.summary == "Risk recorded at assessment (High): plans"  # stored once, in English
    with translation.override("he"):
        hebrew = alert.text
        high, plans = gettext("High"), gettext("plans")
    assert high != "High" and high in hebrew and plans in hebrew
    assert "High" not in hebrew and "plans" not in hebrew


def test_the_banner_shows_the_alert_in_hebrew_with_a_link_to_the_risk_assessment(client, world):
    referral = world.client_a1.referrals.get()
    assessment = make_assessment(referral, level="high", plans=True)
    client.force_login(world.supervisor_a)
    client.cookies["django_language"] = "he"
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override("he"):
        high = gettext("High")
    assert high in body and "Risk recorded at assessment (High)" not in body
    assert f'href="/referrals/{referral.pk}/assessment/#risk-assessment"' in body
    assert RiskAlert.objects.get(referral=referral).source_id == assessment.pk


def test_a_questionnaire_alert_names_the_item_and_links_to_the_response(login, world):
    response = _phq9(world, 2)
    alert = RiskAlert.objects.get()
    assert alert.reason == "measure_risk_item" and alert.source_id == response.pk
    assert alert.facts == {"instrument": "PHQ9", "items": [{"number": 9, "value": 2}]}
    page = login(world.supervisor_a).get(f"/risk/{alert.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "PHQ-9 item 9 (a risk item) was answered 2: review risk." in body
    assert f'href="/measures/responses/{response.pk}/"' in body


def test_a_blank_risk_item_is_not_a_no(world):
    # CORE-10 allows one missing item (pro-rated); a blank item 6 is not a "no".
    measure_response_record(
        actor=world.pwp_a1, referral=world.client_a1.referrals.get(), instrument_code="CORE10",
        answers={f"q{n}": 1 for n in range(1, 11)} | {"q6": None}, completed_at=timezone.now(), language="",
    )
    alert = RiskAlert.objects.get()
    assert alert.facts == {"instrument": "CORE10", "items": [{"number": 6, "value": None}]}
    assert alert.text.startswith("CORE-10 item 6 (a risk item) was left blank.")
    assert '"Not answered" is not the same as "no"' in alert.text


def test_an_alert_from_before_reason_codes_shows_its_summary(login, world):
    referral = world.client_a1.referrals.get()
    alert = risk_alert_raise(referral=referral, source="measure", summary="PHQ-9 item 9 answered 1", raised_by=None)
    assert alert.reason == "" and alert.text == "PHQ-9 item 9 answered 1"
    body = login(world.pwp_a1).get("/risk/").content.decode()
    assert "PHQ-9 item 9 answered 1" in body


def test_a_reallocated_alert_still_links_for_the_new_pwp_only(client, world):
    response = _phq9(world, 1)
    referral = response.referral
    client_services.referral_allocate(actor=world.supervisor_a, referral=referral, pwp=world.pwp_a2)
    client.force_login(world.pwp_a2)
    body = client.get("/").content.decode()
    assert f'href="/measures/responses/{response.pk}/"' in body and "PHQ-9 item 9 (a risk item) was answered 1" in body
    assert client.get(f"/measures/responses/{response.pk}/").status_code == 200
    client.force_login(world.pwp_a1)
    assert "PHQ-9 item 9 (a risk item)" not in client.get("/").content.decode()
    assert client.get(f"/measures/responses/{response.pk}/").status_code == 404


def test_older_alerts_are_linked_to_their_single_source_by_the_migration(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("stepcare.assessment.migrations.0005_link_older_risk_alerts")
    response = _phq9(world, 1)
    RiskAlert.objects.all().delete()  # as if raised before alerts recorded their source
    referral = response.referral
    old_measure = risk_alert_raise(
        referral=referral, source="measure", summary="PHQ-9 item 9 answered 1", raised_by=None, at=response.completed_at
    )
    assessment = make_assessment(world.client_a2.referrals.get())
    old_assessment = risk_alert_raise(
        referral=assessment.referral, source="assessment", summary="Risk recorded at assessment (High): plans", raised_by=None
    )
    unmatched = risk_alert_raise(referral=world.client_b.referrals.get(), source="measure", summary="x", raised_by=None)

    migration.link_sources(apps, None)
    for alert in (old_measure, old_assessment, unmatched):
        alert.refresh_from_db()
    assert old_measure.source_id == response.pk and old_assessment.source_id == assessment.pk
    assert unmatched.source_id is None
    assert old_measure.reason == "" and old_measure.text == "PHQ-9 item 9 answered 1"  # what was said then

    migration.unlink_sources(apps, None)
    old_measure.refresh_from_db()
    assert old_measure.source_id is None
