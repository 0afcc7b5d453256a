"""Issue 8 item 10: the referral page offers exactly the actions its lifecycle predicates allow."""

from __future__ import annotations

from datetime import date

import pytest

from stepcare.assessment.models import Assessment
from stepcare.clients.models import ContactAttempt, Referral, ReferralStatus
from stepcare.testing import make_agreed_care_path, make_assessment, make_proposal

pytestmark = pytest.mark.django_db

def _referral_in(world, state: str) -> Referral:
    referral = world.client_a1.referrals.get()
    if state == "assessed":
        make_assessment(referral)
    elif state == "review":
        make_proposal(referral)
    elif state == "approved":
        make_agreed_care_path(referral, reviewer=world.supervisor_a)
    elif state == "in_treatment":
        make_agreed_care_path(referral, reviewer=world.supervisor_a)
        Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.IN_TREATMENT)  # no service yet
    elif state == "signposted":
        make_agreed_care_path(referral, reviewer=world.supervisor_a, approve=False)
    referral.refresh_from_db()
    return referral


@pytest.mark.parametrize("state", ["waiting", "assessed", "review", "approved", "in_treatment", "signposted"])
def test_each_action_is_offered_exactly_when_its_predicate_allows_it(login, world, state):
    referral = _referral_in(world, state)
    response = login(world.pwp_a1).get(f"/referrals/{referral.pk}/")
    assert response.status_code == 200
    body = response.content.decode()
    offered = {
        "assess": f'href="/referrals/{referral.pk}/assessment/">' in body and "btn btn-primary" in body
        and ("Open the assessment" in body or "Start the assessment" in body),
        "book": f'action="/referrals/{referral.pk}/book/"' in body,
        "contact": f'action="/referrals/{referral.pk}/contact/"' in body,
        "close": f'action="/referrals/{referral.pk}/close/"' in body,
    }
    allowed = {
        "assess": referral.can_be_assessed(),
        "book": referral.can_book_assessment(),
        "contact": referral.can_record_contact_attempt(),
        "close": referral.can_close(),
    }
    assert offered == allowed, state
    if state == "approved":
        assert not allowed["assess"] and "Read the assessment" in body


def test_after_approval_the_assessment_is_read_only(login, world):
    referral = _referral_in(world, "approved")
    client = login(world.pwp_a1)
    page = client.get(f"/referrals/{referral.pk}/assessment/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "can no longer be changed" in body and 'name="complete"' not in body and " disabled>" in body
    response = client.post(
        f"/referrals/{referral.pk}/assessment/",
        {"a-assessed_on": date.today().isoformat(), "a-problem_statement": "Changed.", "save": "1"},
    )
    assert response.status_code == 400
    assert Assessment.objects.get(referral=referral).problem_statement != "Changed."


def test_contact_attempt_is_refused_once_in_treatment(login, world):
    referral = _referral_in(world, "in_treatment")
    response = login(world.pwp_a1).post(
        f"/referrals/{referral.pk}/contact/", {"method": "phone", "outcome": "no_answer", "note": ""}
    )
    assert response.status_code == 400
    assert "Contact attempts are not recorded for this referral" in response.content.decode()
    assert not ContactAttempt.objects.filter(referral=referral).exists()
