from __future__ import annotations

from datetime import date

import pytest

from stepcare.assessment.models import Assessment, StepDecision
from stepcare.audit.models import AuditEvent
from stepcare.clients.models import ReferralStatus
from stepcare.risk.models import RiskAlert
from stepcare.testing import make_assessment, make_proposal

pytestmark = pytest.mark.django_db


def _assessment_post(**overrides):
    data = {
        "a-assessed_on": date.today().isoformat(),
        "a-trigger": "Lost job in March.",
        "a-thoughts": "I'm useless.",
        "a-problem_statement": "Since losing my job I feel low, stay in bed and avoid friends, so I've lost touch with everyone.",
        "a-problem_areas": ["low_mood", "activation"],
        "a-descriptor": "F32",
        "a-preferred_mode": "02",
        "a-group_or_individual": "individual",
        "r-suicidal_thoughts": "none",
        "r-level": "low",
        "r-protective_factors": "Children; sister nearby.",
        "complete": "1",
    }
    data.update(overrides)
    return data


def test_pwp_completes_the_assessment(login, world):
    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.ASSESSMENT_BOOKED
    referral.save()
    response = login(world.pwp_a1).post(f"/referrals/{referral.pk}/assessment/", _assessment_post())
    assert response.status_code == 302
    assessment = Assessment.objects.get(referral=referral)
    assert assessment.status == "complete" and assessment.risk.level == "low"
    assert AuditEvent.objects.filter(object_type="assessment.assessment", action="create").exists()
    assert AuditEvent.objects.filter(object_type="assessment.riskassessment", action="create").exists()


def test_completing_without_risk_level_is_refused_at_the_field_and_nothing_saved(login, world):
    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.WAITING
    referral.save()
    data = _assessment_post()
    del data["r-level"]
    response = login(world.pwp_a1).post(f"/referrals/{referral.pk}/assessment/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Record a risk level to complete the assessment." in body
    assert 'name="a-problem_statement"' in body and "lost touch with everyone" in body  # what was typed is kept
    assert not Assessment.objects.exists()
    assert not AuditEvent.objects.filter(object_type="assessment.assessment").exists()


def test_high_risk_raises_an_alert_for_supervisor_and_pwp(login, world, client):
    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.WAITING
    referral.save()
    data = _assessment_post(**{"r-level": "high", "r-suicidal_thoughts": "active", "r-plans": "on"})
    assert login(world.pwp_a1).post(f"/referrals/{referral.pk}/assessment/", data).status_code == 302
    alert = RiskAlert.objects.get(referral=referral)
    assert alert.source == "assessment" and "plans" in alert.summary
    client.force_login(world.supervisor_a)
    assert "Risk recorded at assessment (High)" in client.get("/").content.decode()


def test_proposal_goes_to_the_review_queue(login, world, client):
    referral = world.client_a1.referrals.get()
    make_assessment(referral)
    response = login(world.pwp_a1).post(
        f"/referrals/{referral.pk}/proposal/",
        {"proposed_step": "step2", "proposed_intervention": "ba", "rationale": "Moderate depression.", "client_choice": "Phone sessions.", "client_agrees": "on"},
    )
    assert response.status_code == 302
    decision = StepDecision.objects.get(referral=referral)
    referral.refresh_from_db()
    assert decision.status == "proposed" and referral.status == ReferralStatus.AWAITING_REVIEW
    client.force_login(world.supervisor_a)
    assert "Dana Alpha" in client.get("/reviews/").content.decode()
    client.force_login(world.supervisor_b)
    assert "Dana Alpha" not in client.get("/reviews/").content.decode()


def test_proposal_for_step2_needs_an_intervention(login, world):
    referral = world.client_a1.referrals.get()
    make_assessment(referral)
    response = login(world.pwp_a1).post(
        f"/referrals/{referral.pk}/proposal/", {"proposed_step": "step2", "rationale": "x", "client_choice": "y"}
    )
    assert "Choose the intervention for this care path." in response.content.decode()
    assert not StepDecision.objects.exists()


def test_supervisor_approves_and_the_referral_moves_into_treatment(login, world):
    referral = world.client_a1.referrals.get()
    decision = make_proposal(referral)
    response = login(world.supervisor_a).post(f"/decisions/{decision.pk}/", {"decision": "approve"})
    assert response.status_code == 302
    decision.refresh_from_db()
    referral.refresh_from_db()
    assert decision.status == "approved" and decision.reviewed_by == world.supervisor_a and decision.reviewed_at
    assert decision.decided_step == "step2" and decision.decided_intervention == "ba"
    assert referral.status == ReferralStatus.WAITING_TREATMENT
    assert AuditEvent.objects.filter(object_type="assessment.stepdecision", action="change").exists()


def test_supervisor_changes_to_step3_with_reason_and_referral_is_referred_on(login, world):
    referral = world.client_a1.referrals.get()
    decision = make_proposal(referral)
    client = login(world.supervisor_a)
    response = client.post(f"/decisions/{decision.pk}/", {"decision": "change", "decided_step": "step3"})
    assert response.status_code == 400 and "Give the reason" in response.content.decode()
    response = client.post(
        f"/decisions/{decision.pk}/", {"decision": "change", "decided_step": "step3", "review_reason": "Severe, long-standing depression."}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    decision.refresh_from_db()
    assert decision.status == "changed" and decision.end_code == "13"
    assert (referral.status, referral.end_code) == (ReferralStatus.CLOSED, "13")


def test_supervisor_cannot_approve_their_own_proposal(login, world):
    referral = world.client_a1.referrals.get()
    decision = make_proposal(referral, proposed_by=world.supervisor_a)
    response = login(world.supervisor_a).post(f"/decisions/{decision.pk}/", {"decision": "approve"})
    assert response.status_code == 400
    decision.refresh_from_db()
    assert decision.status == "proposed"


def test_pwp_cannot_review(login, world):
    referral = world.client_a1.referrals.get()
    decision = make_proposal(referral, proposed_by=world.pwp_a2)
    login(world.pwp_a1).post(f"/decisions/{decision.pk}/", {"decision": "approve"})
    decision.refresh_from_db()
    assert decision.status == "proposed"


def _book(referral, pwp, when):
    from stepcare.appointments.models import Appointment

    return Appointment.objects.create(referral=referral, practitioner=pwp, kind="01", starts_at=when)


def test_completing_the_assessment_records_the_attended_contact(login, world):

    from django.utils import timezone

    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.ASSESSMENT_BOOKED
    referral.save()
    today = _book(referral, world.pwp_a1, timezone.now())
    login(world.pwp_a1).post(f"/referrals/{referral.pk}/assessment/", _assessment_post())
    today.refresh_from_db()
    assert today.attendance == "5"


def test_assessing_before_the_booked_day_cancels_the_later_booking(login, world):
    from datetime import timedelta

    from django.utils import timezone

    from stepcare.appointments.models import Appointment

    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.ASSESSMENT_BOOKED
    referral.save()
    later = _book(referral, world.pwp_a1, timezone.now() + timedelta(days=3))
    login(world.pwp_a1).post(f"/referrals/{referral.pk}/assessment/", _assessment_post())
    later.refresh_from_db()
    assert later.attendance == "4"  # cancelled by the service: no longer needed
    attended = Appointment.objects.get(referral=referral, attendance="5")
    assert timezone.localdate(attended.starts_at) == date.today()


def test_plans_or_intent_alert_even_when_the_level_was_set_low(login, world):
    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.WAITING
    referral.save()
    data = _assessment_post(**{"r-level": "low", "r-intent": "on", "r-low_level_reason": "Intent retracted; strong protective factors."})
    assert login(world.pwp_a1).post(f"/referrals/{referral.pk}/assessment/", data).status_code == 302
    alert = RiskAlert.objects.get(referral=referral)
    assert "intent" in alert.summary.lower()


def test_saving_the_same_risk_again_does_not_raise_a_second_alert(login, world):
    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.WAITING
    referral.save()
    client = login(world.pwp_a1)
    data = _assessment_post(**{"r-level": "high"})
    data.pop("complete")
    client.post(f"/referrals/{referral.pk}/assessment/", data)
    client.post(f"/referrals/{referral.pk}/assessment/", data)
    assert RiskAlert.objects.filter(referral=referral).count() == 1


def test_no_alert_for_low_risk_without_plans_or_intent(login, world):
    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.WAITING
    referral.save()
    login(world.pwp_a1).post(f"/referrals/{referral.pk}/assessment/", _assessment_post())
    assert not RiskAlert.objects.filter(referral=referral).exists()
