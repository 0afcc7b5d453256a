"""One record per submission: the same rendered form sent twice (a double click, a second tab,
the browser's resend) stores one client, assessment, contact attempt or questionnaire, and
the second request is answered like the first (no error, no second row)."""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import pytest
from django.test import Client as Browser
from django.utils import timezone

from stepcare.assessment.models import Assessment
from stepcare.audit.models import AuditEvent
from stepcare.clients.models import Client, ContactAttempt, Referral, ReferralStatus
from stepcare.foundation.models import Submission
from stepcare.measures.models import MeasureResponse

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="(?:[a-z]+-)?submission_token" value="([0-9a-f-]{36})"')


def _tabs(user):
    """Two tabs of one signed-in browser: the same session, separate requests."""
    first = Browser()
    first.force_login(user)
    second = Browser()
    second.cookies = first.cookies
    return first, second


def _token(tab, url) -> str:
    page = tab.get(url)
    assert page.status_code == 200
    tokens = TOKEN.findall(page.content.decode())
    assert len(tokens) >= 1, "the form carries a submission token"
    return tokens[0]


def _referral_data(token, family="Cohen"):
    return {
        "client-given_name": "Noa", "client-family_name": family, "client-date_of_birth": "1991-04-02",
        "client-gender": "female", "client-preferred_language": "he", "client-israeli_id": "000000018",
        "client-phone": "050-1234567",
        "referral-source": "gp", "referral-received_on": (date.today() - timedelta(days=3)).isoformat(),
        "referral-reason": "Low mood after job loss.", "referral-problem_areas": ["low_mood"],
        "referral-priority": "routine", "referral-submission_token": token,
    }


def test_new_client_sent_twice_from_two_tabs_is_stored_once(world):
    first, second = _tabs(world.pwp_a1)
    token = _token(first, "/referrals/new/")
    audited = AuditEvent.objects.filter(object_type="clients.client", action="create").count()

    one = first.post("/referrals/new/", _referral_data(token))
    two = second.post("/referrals/new/", _referral_data(token))

    assert one.status_code == 302 and two.status_code == 302
    assert one["Location"] == two["Location"]
    assert Client.objects.filter(family_name="Cohen").count() == 1
    assert Referral.objects.filter(client__family_name="Cohen").count() == 1
    assert AuditEvent.objects.filter(object_type="clients.client", action="create").count() == audited + 1
    assert Submission.objects.filter(token=token, user=world.pwp_a1).count() == 1


def test_a_new_render_is_a_new_submission(world):
    tab, _ = _tabs(world.pwp_a1)
    tab.post("/referrals/new/", _referral_data(_token(tab, "/referrals/new/"), family="Levi"))
    data = _referral_data(_token(tab, "/referrals/new/"), family="Levi")
    data.update({"client-israeli_id": "", "client-given_name": "Other", "confirm_new": "1"})

    response = tab.post("/referrals/new/", data)

    assert response.status_code == 302
    assert Client.objects.filter(family_name="Levi").count() == 2


def _assessment_data(token):
    return {
        "a-assessed_on": date.today().isoformat(), "a-problem_statement": "Low since losing her job.",
        "a-problem_areas": ["low_mood"], "a-descriptor": "F32", "a-preferred_mode": "02",
        "a-group_or_individual": "individual", "r-suicidal_thoughts": "none", "r-level": "low",
        "r-protective_factors": "Her sister.", "a-submission_token": token,
    }


def test_assessment_sent_twice_is_stored_once(world):
    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.ASSESSMENT_BOOKED
    referral.save()
    url = f"/referrals/{referral.pk}/assessment/"
    first, second = _tabs(world.pwp_a1)
    token = _token(first, url)

    one = first.post(url, _assessment_data(token))
    two = second.post(url, _assessment_data(token))

    assert one.status_code == 302 and two.status_code == 302
    assert Assessment.objects.filter(referral=referral).count() == 1
    assert AuditEvent.objects.filter(object_type="assessment.assessment", action="create").count() == 1


def test_contact_attempt_sent_twice_is_stored_once(world):
    referral = world.client_a1.referrals.get()
    first, second = _tabs(world.pwp_a1)
    token = _token(first, f"/referrals/{referral.pk}/")
    data = {"method": "phone", "outcome": "no_answer", "submission_token": token}

    one = first.post(f"/referrals/{referral.pk}/contact/", data)
    two = second.post(f"/referrals/{referral.pk}/contact/", data)

    assert one.status_code == 302 and two.status_code == 302
    assert ContactAttempt.objects.filter(referral=referral).count() == 1
    assert AuditEvent.objects.filter(object_type="clients.contactattempt", action="create").count() == 1


def test_questionnaire_sent_twice_is_stored_once(world):
    referral = world.client_a1.referrals.get()
    url = f"/measures/referrals/{referral.pk}/new/PHQ9/"
    first, second = _tabs(world.pwp_a1)
    token = _token(first, url)
    data = {f"item_q{n}": "1" for n in range(1, 10)}
    data.update(completed_at=timezone.localtime().strftime("%Y-%m-%dT%H:%M"), language="en", submission_token=token)

    one = first.post(url, data)
    two = second.post(url, data)

    assert one.status_code == 302 and two.status_code == 302
    assert one["Location"] == two["Location"]
    assert MeasureResponse.objects.filter(referral=referral).count() == 1


def test_someone_elses_token_is_refused_with_a_message_and_nothing_saved(world):
    referral = world.client_a1.referrals.get()
    token = uuid.uuid4()
    Submission.objects.create(token=token, user=world.pwp_a2, object_model="clients.referral", object_pk=str(referral.pk))
    tab, _ = _tabs(world.pwp_a1)

    response = tab.post(
        f"/referrals/{referral.pk}/contact/", {"method": "phone", "outcome": "no_answer", "submission_token": str(token)}
    )

    assert response.status_code == 400
    assert "already sent" in response.content.decode()
    assert not ContactAttempt.objects.filter(referral=referral).exists()


def test_a_form_without_a_token_still_saves(world):
    referral = world.client_a1.referrals.get()
    tab, _ = _tabs(world.pwp_a1)

    response = tab.post(f"/referrals/{referral.pk}/contact/", {"method": "phone", "outcome": "no_answer"})

    assert response.status_code == 302
    assert ContactAttempt.objects.filter(referral=referral).count() == 1
    assert not Submission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_token_at_the_same_moment_stores_one(world):
    """Two requests with one token at once (a double click that beat the page's guard): the
    unique token makes the slower one roll its create back and answer with the first one's
    object; ten tries. (PostgreSQL or an SQLite file; in-memory SQLite has no threads.)"""
    import threading

    from django.db import connection, connections
    from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteDatabaseWrapper

    from stepcare.clients.services import contact_attempt_record
    from stepcare.foundation.services import submission_once

    default = connections["default"]
    if isinstance(default, SQLiteDatabaseWrapper) and default.is_in_memory_db():
        pytest.skip("in-memory SQLite: run with DATABASE_URL (PostgreSQL) or STEPCARE_TEST_DB_ON_DISK=1")
    referral = world.client_a1.referrals.get()
    for _attempt in range(10):
        token = uuid.uuid4()
        start = threading.Barrier(2)
        results: list[int] = []

        def send(token: uuid.UUID = token, start: threading.Barrier = start, results: list[int] = results) -> None:
            try:
                start.wait()
                attempt, _created = submission_once(
                    user=world.pwp_a1, token=token,
                    create=lambda: contact_attempt_record(actor=world.pwp_a1, referral=referral, method="phone", outcome="no_answer"),
                )
                results.append(attempt.pk)
            finally:
                connection.close()

        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(results) == 2 and results[0] == results[1], results
    assert ContactAttempt.objects.filter(referral=referral).count() == 10
    assert Submission.objects.count() == 10
