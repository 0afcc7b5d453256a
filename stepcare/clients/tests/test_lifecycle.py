"""The referral's lifecycle: every status change is a named service that refuses a stale
transition with the reason, and every transition is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from stepcare.appointments.services import assessment_book
from stepcare.assessment import services as assessment_services
from stepcare.assessment.models import StepDecision
from stepcare.audit.models import AuditEvent
from stepcare.clients import lifecycle
from stepcare.clients.models import Referral, ReferralStatus
from stepcare.testing import make_assessment, make_proposal

pytestmark = pytest.mark.django_db


def _referral(world):
    return world.client_a1.referrals.get()


def test_closing_with_a_pending_proposal_withdraws_it_and_approval_is_refused(world, login):
    referral = _referral(world)
    proposal = make_proposal(referral)
    assessment_services.referral_close(actor=world.pwp_a1, referral=referral, end_code="12")

    with pytest.raises(ValidationError, match="withdrawn when the referral was closed"):
        assessment_services.step_decision_review(actor=world.supervisor_a, decision=proposal, approve=True)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED and referral.end_code == "12"

    # Through the page the supervisor had open: refused with the reason, nothing changed.
    response = login(world.supervisor_a).post(f"/decisions/{proposal.pk}/", {"decision": "approve"})
    assert response.status_code == 400
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert StepDecision.objects.get(pk=proposal.pk).status == StepDecision.Status.WITHDRAWN


def test_approval_is_refused_when_the_referral_was_closed_behind_the_proposal(world):
    """Even a close that bypassed the composing service cannot be undone by an approval."""
    referral = _referral(world)
    proposal = make_proposal(referral)
    lifecycle.referral_close(actor=world.pwp_a1, referral=Referral.objects.get(pk=referral.pk), end_code="12")
    with pytest.raises(ValidationError, match="no longer awaiting a care-path decision"):
        assessment_services.step_decision_review(actor=world.supervisor_a, decision=proposal, approve=True)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED and referral.closed_on == timezone.localdate()


def test_closing_a_closed_referral_is_refused(world):
    referral = _referral(world)
    lifecycle.referral_close(actor=world.pwp_a1, referral=referral, end_code="50")
    with pytest.raises(ValidationError, match="already closed"):
        lifecycle.referral_close(actor=world.pwp_a1, referral=referral, end_code="12")
    referral.refresh_from_db()
    assert referral.end_code == "50"


def test_a_stale_copy_cannot_close_twice(world):
    """Two people holding the same page: the second close sees the database, not its copy."""
    first, second = Referral.objects.get(pk=_referral(world).pk), Referral.objects.get(pk=_referral(world).pk)
    lifecycle.referral_close(actor=world.pwp_a1, referral=first, end_code="50")
    with pytest.raises(ValidationError, match="already closed"):
        lifecycle.referral_close(actor=world.supervisor_a, referral=second, end_code="12")


def test_booking_an_assessment_for_a_referral_in_treatment_is_refused(world):
    referral = _referral(world)
    make_proposal(referral)
    proposal = referral.step_decisions.get()
    assessment_services.step_decision_review(actor=world.supervisor_a, decision=proposal, approve=True)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.WAITING_TREATMENT
    with pytest.raises(ValidationError, match="Only referrals waiting for assessment can be booked"):
        assessment_book(actor=world.pwp_a1, referral=referral, starts_at=timezone.now() + timedelta(days=2))
    assert not referral.appointments.filter(attendance="").exists()


def test_a_second_proposal_is_refused_and_the_database_allows_only_one_pending(world):
    referral = _referral(world)
    first = make_proposal(referral)
    with pytest.raises(ValidationError):
        make_proposal(referral)
    assert referral.step_decisions.filter(status=StepDecision.Status.PROPOSED).count() == 1
    # Below the services, the database itself refuses a second pending proposal.
    with pytest.raises(IntegrityError), transaction.atomic():
        StepDecision.objects.create(
            referral=referral, assessment=first.assessment, proposed_by=world.pwp_a1, proposed_at=timezone.now(),
            proposed_step="step2", proposed_intervention="ba", rationale="x", client_choice="y",
        )


def test_a_double_submitted_proposal_is_stored_once(world, login):
    referral = _referral(world)
    make_assessment(referral)
    form = {"proposed_step": "step2", "proposed_intervention": "ba", "rationale": "Moderate depression.",
            "client_choice": "Phone sessions.", "client_agrees": "on"}
    pwp = login(world.pwp_a1)
    assert pwp.post(f"/referrals/{referral.pk}/proposal/", form).status_code == 302
    again = pwp.post(f"/referrals/{referral.pk}/proposal/", form)
    assert again.status_code in (200, 302, 400)
    assert referral.step_decisions.count() == 1


def test_every_transition_is_audited(world):
    referral = _referral(world)
    before = AuditEvent.objects.filter(object_type="clients.referral", action="change").count()
    assessment_book(actor=world.pwp_a1, referral=referral, starts_at=timezone.now() + timedelta(days=1))
    make_proposal(referral)
    assessment_services.step_decision_review(
        actor=world.supervisor_a, decision=referral.step_decisions.get(), approve=True
    )
    statuses = list(
        AuditEvent.objects.filter(object_type="clients.referral", action="change", object_id=str(referral.pk))
        .order_by("id").values_list("detail__status", flat=True)
    )[-3:]
    assert statuses == ["booked", "review", "waiting_treatment"]
    assert AuditEvent.objects.filter(object_type="clients.referral", action="change").count() == before + 3


def _in_memory_sqlite() -> bool:
    from django.db import connections
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

    default = connections["default"]
    return isinstance(default, SQLiteDatabaseWrapper) and default.is_in_memory_db()


@pytest.mark.django_db(transaction=True)
def test_simultaneous_proposals_store_one(world):
    """Two requests proposing at the same moment (a double click, two tabs): the referral's row
    lock makes the second wait and then refuses it; ten tries, one proposal each time. (Runs on
    PostgreSQL and on an SQLite file, where IMMEDIATE transactions serialise writers; the
    in-memory test database cannot be shared between threads.)"""
    import threading

    from django.db import connection

    from stepcare.assessment.models import Assessment
    from stepcare.testing import make_client

    if _in_memory_sqlite():
        pytest.skip("in-memory SQLite: run with DATABASE_URL (PostgreSQL) or STEPCARE_TEST_DB_ON_DISK=1")
    for attempt in range(10):
        referral = make_client(world.pwp_a1, "Dana", f"Alpha{attempt}").referrals.get()
        assessment = make_assessment(referral)
        start = threading.Barrier(2)
        outcomes: list[str] = []

        def propose(assessment_pk: int, start: threading.Barrier = start, outcomes: list[str] = outcomes) -> None:
            try:
                start.wait()
                assessment_services.step_decision_propose(
                    actor=world.pwp_a1, assessment=Assessment.objects.get(pk=assessment_pk), step="step2",
                    intervention="ba", rationale="r", client_choice="c", client_agrees=True,
                )
                outcomes.append("stored")
            except ValidationError:
                outcomes.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=propose, args=(assessment.pk,)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(outcomes) == ["refused", "stored"], outcomes
        assert StepDecision.objects.filter(referral=referral, status=StepDecision.Status.PROPOSED).count() == 1
