from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stepcare.audit.models import AuditEvent
from stepcare.measures.models import MeasureResponse
from stepcare.measures.services import measure_response_record
from stepcare.measures.tests.helpers import GAD7_MILD, PHQ9_MODERATE, record
from stepcare.risk.models import RiskAlert

pytestmark = pytest.mark.django_db


def _referral(world):
    return world.client_a1.referrals.get()


def test_scores_are_computed_from_the_answers_and_stored_with_them(world):
    response = record(_referral(world), "PHQ9", PHQ9_MODERATE, actor=world.pwp_a1)

    response.refresh_from_db()
    assert response.total == 11
    assert response.band_key == "moderate"
    assert response.caseness is True
    assert response.has_risk is False
    assert response.answers["q1"] == 2 and response.answers["q10"] is None
    assert response.results["total"] == 11 and response.results["band_label"] == "Moderate"
    assert response.client == world.client_a1
    assert response.instrument_version == "1" and response.language == "en"
    assert response.completed_by == world.pwp_a1 and response.completed_via == "session"
    assert response.history.count() == 1  # field history is kept
    event = AuditEvent.objects.get(object_type="measures.measureresponse", action="create")
    assert event.client_id == world.client_a1.pk
    assert event.detail == {"instrument": "PHQ9"}  # no clinical values in the trail
    assert not RiskAlert.objects.exists()


def test_out_of_range_answer_is_refused_naming_the_item_and_nothing_is_stored(world):
    answers = dict(PHQ9_MODERATE, q4=7)
    with pytest.raises(ValidationError) as error:
        record(_referral(world), "PHQ9", answers)
    assert "q4" in str(error.value)
    assert not MeasureResponse.objects.exists()
    assert not AuditEvent.objects.filter(object_type="measures.measureresponse").exists()


def test_too_many_missing_items_are_refused(world):
    answers = dict(GAD7_MILD, q3=None)
    with pytest.raises(ValidationError) as error:
        record(_referral(world), "GAD7", answers)
    assert "q3" in str(error.value)
    assert not MeasureResponse.objects.exists()


def test_phq9_item_9_above_zero_raises_a_risk_alert_in_the_same_transaction(world):
    response = record(_referral(world), "PHQ9", dict(PHQ9_MODERATE, q9=1), actor=world.pwp_a1)

    assert response.has_risk is True
    assert response.risk_flags[0]["item"] == "q9"
    alert = RiskAlert.objects.get()
    assert alert.referral == _referral(world) and alert.referral.allocated_pwp == world.pwp_a1
    assert alert.source == "measure" and "item 9" in alert.summary
    assert AuditEvent.objects.filter(object_type="risk.riskalert", action="create").exists()
    assert AuditEvent.objects.filter(object_type="measures.measureresponse", action="create").exists()


def test_core10_risk_item_raises_an_alert(world):
    answers = {f"q{n}": 0 for n in range(1, 11)} | {"q6": 1}
    response = record(_referral(world), "CORE10", answers, language="")
    assert response.has_risk
    assert RiskAlert.objects.count() == 1


def test_blank_risk_item_raises_an_alert_when_the_rules_allow_a_blank(world):
    # CORE-10 allows one missing item (pro-rated); a blank item 6 is not a "no".
    answers = {f"q{n}": 1 for n in range(1, 11)} | {"q6": None}
    response = record(_referral(world), "CORE10", answers, language="")
    assert response.has_risk and response.results["prorated"]
    assert "Not answered" in RiskAlert.objects.get().summary


def test_completed_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as error:
        measure_response_record(
            actor=world.pwp_a1, referral=_referral(world), instrument_code="PHQ9", answers=PHQ9_MODERATE,
            completed_at=timezone.now() + timedelta(days=1), language="en",
        )
    assert "completed_at" in error.value.message_dict
    assert not MeasureResponse.objects.exists()


def test_back_dating_to_the_session_is_allowed_but_not_before_the_referral(world):
    referral = _referral(world)
    response = record(referral, "PHQ9", days_ago=7)
    assert response.completed_at < timezone.now() - timedelta(days=6)
    with pytest.raises(ValidationError):
        record(referral, "PHQ9", days_ago=60)


def test_language_the_instrument_does_not_have_is_refused(world):
    with pytest.raises(ValidationError) as error:
        record(_referral(world), "PHQ9", language="he")
    assert "language" in error.value.message_dict
    assert not MeasureResponse.objects.exists()


def test_wsas_not_working_context_drops_the_work_item(world):
    from stepcare.measures.services import measure_response_record

    response = measure_response_record(
        actor=world.pwp_a1, referral=_referral(world), instrument_code="WSAS",
        answers={"q1": None, "q2": 4, "q3": 4, "q4": 2, "q5": 2}, completed_at=timezone.now(),
        language="", context={"not_working": True},
    )
    assert response.total == 12 and response.context == {"not_working": True}
