"""Issue 8 items 5 and 6: risk in view where the care path is decided, and assessment drafts."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stepcare.assessment.models import Assessment, RiskAssessment, StepDecision
from stepcare.assessment.services import step_decision_propose
from stepcare.audit.models import AuditEvent
from stepcare.clients.models import ReferralStatus
from stepcare.measures.services import measure_response_record
from stepcare.risk.models import RiskAlert
from stepcare.testing import make_assessment, make_proposal

pytestmark = pytest.mark.django_db


def _url(referral):
    return f"/referrals/{referral.pk}/assessment/"


def _draft(client, referral, **fields):
    """What the browser sends for an untouched form (its defaults and, when the form has one,
    its submission token) plus ``fields``."""
    form = client.get(_url(referral)).context["form"]
    data = {"a-assessed_on": date.today().isoformat(), "a-preferred_mode": "01", "a-group_or_individual": "either"}
    if "submission_token" in form.fields:
        data["a-submission_token"] = form["submission_token"].value()
    return data | fields


def _risky_world(world):
    """Dana: a "low" level with active thoughts and plans (with its reason), a PHQ-9 with item
    9 scored 2, and a proposal awaiting review."""
    referral = world.client_a1.referrals.get()
    make_assessment(
        referral, suicidal_thoughts="active", plans=True, means=True,
        low_level_reason="Thoughts fleeting; no intent; strong family support.",
        safety_plan="Call the crisis line; sister stays over.",
    )
    response = measure_response_record(
        actor=world.pwp_a1, referral=referral, instrument_code="PHQ9",
        answers={f"q{i}": 1 for i in range(1, 10)} | {"q9": 2, "q10": 1},
        completed_at=timezone.now(), language="en",
    )
    decision = make_proposal(referral)
    return referral, response, decision


# --- Drafts ---------------------------------------------------------------------------------


def test_a_draft_saves_without_the_risk_section(login, world):
    referral = world.client_a1.referrals.get()
    client = login(world.pwp_a1)
    response = client.post(_url(referral), _draft(client, referral, **{"a-thoughts": "I'm useless.", "draft": "1"}))
    assert response.status_code == 302
    assessment = Assessment.objects.get(referral=referral)
    assert assessment.status == Assessment.Status.DRAFT and assessment.thoughts == "I'm useless."
    assert not RiskAssessment.objects.exists()  # an empty risk section stores nothing
    assert AuditEvent.objects.filter(object_type="assessment.assessment", action="create").exists()


def test_a_draft_with_active_thoughts_and_no_level_still_alerts(login, world):
    referral = world.client_a1.referrals.get()
    client = login(world.pwp_a1)
    response = client.post(_url(referral), _draft(client, referral, **{"r-suicidal_thoughts": "active", "draft": "1"}))
    assert response.status_code == 302
    risk = RiskAssessment.objects.get(assessment__referral=referral)
    assert risk.level == "" and risk.assessment.status == Assessment.Status.DRAFT
    alert = RiskAlert.objects.get(referral=referral)
    assert alert.reason == "assessment_risk" and alert.source_id == risk.assessment_id


def test_completing_a_draft_without_risk_is_refused_at_the_fields(login, world):
    referral = world.client_a1.referrals.get()
    draft = make_assessment(referral, complete=False, level="", suicidal_thoughts="")
    response = login(world.pwp_a1).post(
        _url(referral),
        {
            "a-assessed_on": date.today().isoformat(), "a-problem_statement": "Low since the move.",
            "a-problem_areas": ["low_mood"], "a-descriptor": "F32", "a-preferred_mode": "02",
            "a-group_or_individual": "either", "complete": "1",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Record a risk level to complete the assessment." in body
    assert "Record whether the client has thoughts of suicide to complete the assessment." in body
    assert "Low since the move." in body  # what was typed is kept
    draft.refresh_from_db()
    assert draft.status == Assessment.Status.DRAFT and draft.problem_statement != "Low since the move."


def test_proposing_without_a_risk_level_is_refused(world):
    referral = world.client_a1.referrals.get()
    assessment = make_assessment(referral)
    RiskAssessment.objects.filter(assessment=assessment).update(level="")  # an assessment from before the rule
    assessment.refresh_from_db()
    with pytest.raises(ValidationError, match="risk level"):
        step_decision_propose(
            actor=world.pwp_a1, assessment=assessment, step="step2", intervention="ba",
            rationale="r", client_choice="c", client_agrees=True,
        )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING and not StepDecision.objects.exists()


def test_a_low_level_with_active_thoughts_needs_a_written_reason(login, world):
    referral = world.client_a1.referrals.get()
    data = {
        "a-assessed_on": date.today().isoformat(), "a-problem_statement": "Low mood.", "a-problem_areas": ["low_mood"],
        "a-descriptor": "F32", "a-preferred_mode": "02", "a-group_or_individual": "either",
        "r-suicidal_thoughts": "active", "r-level": "low", "complete": "1",
    }
    client = login(world.pwp_a1)
    response = client.post(_url(referral), data)
    assert response.status_code == 400
    assert "write why the level is low" in response.content.decode()
    assert not Assessment.objects.exists() and not RiskAlert.objects.exists()

    response = client.post(_url(referral), data | {"r-low_level_reason": "Fleeting; no plan; protective family."})
    assert response.status_code == 302
    assert RiskAssessment.objects.get().low_level_reason == "Fleeting; no plan; protective family."
    assert RiskAlert.objects.filter(referral=referral).count() == 1


def test_the_same_rule_holds_in_the_service(world):
    referral = world.client_a1.referrals.get()
    with pytest.raises(ValidationError) as refused:
        make_assessment(referral, level="low", intent=True)
    assert "low_level_reason" in refused.value.message_dict
    assert not Assessment.objects.exists()


# --- Risk in view when deciding -------------------------------------------------------------


def test_decision_page_shows_every_domain_open_alerts_with_links_and_latest_scores(login, world):
    referral, phq9, decision = _risky_world(world)
    response = login(world.supervisor_a).get(f"/decisions/{decision.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "plans: yes" in body and "access to means: yes" in body and "intent: no" in body and "self-neglect: no" in body
    assert "Active thoughts of ending life" in body
    assert "Thoughts fleeting; no intent; strong family support." in body  # the low level's reason
    assert "text-bg-success" not in body  # never a reassuring green Low
    alerts = RiskAlert.objects.filter(referral=referral).order_by("id")
    assert alerts.count() == 2
    for alert in alerts:
        assert f'href="/risk/{alert.pk}/"' in body
    assert f'href="/referrals/{referral.pk}/assessment/#risk-assessment"' in body
    assert f'href="/measures/responses/{phq9.pk}/"' in body
    assert "PHQ-9 item 9 (a risk item) was answered 2: review risk." in body
    assert f"PHQ-9): {phq9.total:g}" in body
    assert AuditEvent.objects.filter(action="view", client_id=referral.client_id, actor=world.supervisor_a).exists()


def test_review_queue_shows_level_domains_alerts_and_scores(login, world):
    referral, phq9, decision = _risky_world(world)
    response = login(world.supervisor_a).get("/reviews/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "plans, access to means" in body
    assert "recorded with: Active thoughts of ending life, plans" in body
    assert f'href="/measures/responses/{phq9.pk}/"' in body
    assert "PHQ-9 item 9 (a risk item) was answered 2" in body
    assert "text-bg-success" not in body
    assert AuditEvent.objects.filter(action="view", client_id=referral.client_id, actor=world.supervisor_a).exists()


def test_a_plain_low_level_is_green(login, world):
    referral = world.client_a1.referrals.get()
    make_assessment(referral)
    response = login(world.pwp_a1).get(f"/referrals/{referral.pk}/")
    assert response.status_code == 200
    assert 'text-bg-success">Low' in response.content.decode()


def test_questionnaire_from_the_assessment_returns_to_it(login, world):
    referral = world.client_a1.referrals.get()
    back = f"/referrals/{referral.pk}/assessment/"
    data = {f"item_q{i}": "0" for i in range(1, 8)} | {"language": "en"}
    data["completed_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client = login(world.pwp_a1)
    form_page = client.get(f"/measures/referrals/{referral.pk}/new/GAD7/?next={back}")
    token = form_page.context["form"]["submission_token"].value() if "submission_token" in form_page.context["form"].fields else None
    if token:
        data["submission_token"] = token
    response = client.post(f"/measures/referrals/{referral.pk}/new/GAD7/?next={back}", data)
    assert response.status_code == 302 and response["Location"] == back
    assert referral.measure_responses.count() == 1


def test_questionnaire_ignores_a_next_to_another_site(login, world):
    referral = world.client_a1.referrals.get()
    data = {f"item_q{i}": "0" for i in range(1, 8)} | {"language": "en"}
    data["completed_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client = login(world.pwp_a1)
    form_page = client.get(f"/measures/referrals/{referral.pk}/new/GAD7/")
    if "submission_token" in form_page.context["form"].fields:
        data["submission_token"] = form_page.context["form"]["submission_token"].value()
    response = client.post(f"/measures/referrals/{referral.pk}/new/GAD7/?next=https://evil.example/", data)
    assert response.status_code == 302
    saved = referral.measure_responses.get()
    assert response["Location"] == f"/measures/responses/{saved.pk}/"
