from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stepcare.appointments.models import Appointment
from stepcare.audit.models import AuditEvent
from stepcare.clients.models import Client, ContactAttempt, Referral, ReferralStatus

pytestmark = pytest.mark.django_db


def _post_new(client, **overrides):
    data = {
        "client-given_name": "Noa", "client-family_name": "Cohen", "client-date_of_birth": "1991-04-02",
        "client-gender": "female", "client-preferred_language": "he", "client-israeli_id": "000000018",
        "client-phone": "050-1234567",
        "referral-source": "gp", "referral-received_on": (date.today() - timedelta(days=3)).isoformat(),
        "referral-reason": "Low mood after job loss.", "referral-problem_areas": ["low_mood"], "referral-priority": "routine",
    }
    data.update(overrides)
    return client.post("/referrals/new/", data)


def test_pwp_enters_a_referral_and_it_is_on_the_waiting_list(login, world):
    client = login(world.pwp_a1)
    response = _post_new(client)
    assert response.status_code == 302
    referral = Referral.objects.get(client__family_name="Cohen")
    assert referral.team == world.team_a and referral.status == ReferralStatus.WAITING
    assert AuditEvent.objects.filter(object_type="clients.referral", action="create", client_id=referral.client_id).exists()
    body = client.get("/waiting-list/").content.decode()
    assert "Noa Cohen" in body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("client-israeli_id", "123456789", "not a valid Israeli ID"),
        ("client-date_of_birth", "2999-01-01", "cannot be in the future"),
        ("referral-received_on", "2999-01-01", "cannot be in the future"),
        ("client-given_name", "", "This field is required"),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(login, world, field, value, message):
    response = _post_new(login(world.pwp_a1), **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Client.objects.filter(family_name="Cohen").exists()


def test_nhs_number_checksum(login, world):
    world.service.country = "GB"  # a service in England asks for the NHS number
    world.service.save()
    response = _post_new(login(world.pwp_a1), **{"client-israeli_id": "", "client-nhs_number": "9434765918"})
    assert "not a valid NHS number" in response.content.decode()
    response = _post_new(login(world.pwp_a1), **{"client-israeli_id": "", "client-nhs_number": "9434765919"})
    assert response.status_code == 302


def test_duplicate_is_warned_and_can_be_linked(login, world):
    client = login(world.pwp_a1)
    _post_new(client)
    existing = Client.objects.get(family_name="Cohen")
    response = _post_new(client, **{"client-given_name": "noa"})
    body = response.content.decode()
    assert response.status_code == 200 and "may already be known" in body and "same ID number" in body
    assert Client.objects.filter(family_name="Cohen").count() == 1
    response = _post_new(client, use_client=str(existing.pk))
    assert response.status_code == 302
    assert existing.referrals.count() == 2  # each referral counted on its own
    assert Client.objects.filter(family_name="Cohen").count() == 1


def test_duplicate_can_be_overridden_for_a_different_person(login, world):
    client = login(world.pwp_a1)
    _post_new(client, **{"client-israeli_id": ""})
    _post_new(client, **{"client-israeli_id": "", "confirm_new": "1"})
    assert Client.objects.filter(family_name="Cohen").count() == 2


def test_allocate_book_and_record_contact(login, world, client):
    referral = world.client_unallocated_a.referrals.get()
    client.force_login(world.supervisor_a)
    response = client.post(f"/referrals/{referral.pk}/allocate/", {"pwp": world.pwp_a2.pk})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.allocated_pwp == world.pwp_a2

    starts = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/referrals/{referral.pk}/book/", {"starts_at": starts, "duration_minutes": 45, "mode": "02"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ASSESSMENT_BOOKED
    assert Appointment.objects.get(referral=referral).kind == "01"

    response = client.post(f"/referrals/{referral.pk}/contact/", {"method": "phone", "outcome": "no_answer"})
    assert response.status_code == 302 and ContactAttempt.objects.filter(referral=referral).count() == 1


def test_pwp_cannot_allocate_to_someone_else(login, world):
    referral = world.client_unallocated_a.referrals.get()
    response = login(world.pwp_a1).post(f"/referrals/{referral.pk}/allocate/", {"pwp": world.pwp_a2.pk})
    referral.refresh_from_db()
    assert response.status_code == 302 and referral.allocated_pwp == world.pwp_a1  # takes it themselves


def test_booking_in_the_past_is_refused(login, world):
    referral = world.client_unallocated_a.referrals.get()
    referral.allocated_pwp = world.pwp_a1
    referral.save()
    response = login(world.pwp_a1).post(
        f"/referrals/{referral.pk}/book/", {"starts_at": "2020-01-01T10:00", "duration_minutes": 45, "mode": "01"}
    )
    assert response.status_code == 400 and "Choose a time in the future." in response.content.decode()
    assert not Appointment.objects.exists()


def test_booking_more_than_two_years_ahead_is_refused(login, world):
    referral = world.client_unallocated_a.referrals.get()
    referral.allocated_pwp = world.pwp_a1
    referral.save()
    response = login(world.pwp_a1).post(
        f"/referrals/{referral.pk}/book/", {"starts_at": "2062-01-01T10:00", "duration_minutes": 45, "mode": "01"}
    )
    assert response.status_code == 400 and "Choose a time within the next two years." in response.content.decode()
    assert not Appointment.objects.exists()


def test_never_engaged_referral_is_closed_with_end_code(login, world):
    referral = world.client_unallocated_a.referrals.get()
    response = login(world.pwp_a1).post(f"/referrals/{referral.pk}/close/", {"end_code": "50"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.end_code, referral.closed_on) == ("closed", "50", date.today())


def test_manager_sees_the_waiting_list_without_links_to_records(login, world):
    body = login(world.manager).get("/waiting-list/").content.decode()
    assert "Fay Gamma" in body
    assert f"/referrals/{world.client_unallocated_a.referrals.get().pk}/" not in body


def test_admin_cannot_see_the_waiting_list(login, world):
    assert login(world.admin).get("/waiting-list/").status_code == 403


def test_waiting_list_query_count_does_not_grow(login, world):
    client = login(world.supervisor_a)
    client.get("/waiting-list/")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/waiting-list/").status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(30):
        c = Client.objects.create(service=world.service, given_name=f"W{i}", family_name="Waiter", date_of_birth=date(1980, 1, 1))
        r = Referral.objects.create(client=c, team=world.team_a, source="gp", received_on=date.today() - timedelta(days=i * 5), allocated_pwp=world.pwp_a1 if i % 2 else None)
        Appointment.objects.create(referral=r, practitioner=world.pwp_a1, kind="01", starts_at=timezone.now() + timedelta(days=1))
        ContactAttempt.objects.create(referral=r, at=timezone.now(), method="phone", outcome="no_answer", by=world.pwp_a1)
    assert count() == before


def test_waiting_list_page_shows_days_and_markers_from_a_hand_computed_fixture(login, world, monkeypatch):
    """Referral dates and the days a person counts on a calendar to 2027-06-01."""
    import re

    from django.utils import timezone as tz

    fixed_today = date(2027, 6, 1)
    monkeypatch.setattr(tz, "localdate", lambda *a, **k: fixed_today)
    fixture = {"Six": (date(2027, 4, 20), 42, "≤ 6 weeks"), "Seven": (date(2027, 4, 19), 43, "over 6 weeks"),
               "Eighteen": (date(2027, 1, 26), 126, "over 6 weeks"), "Nineteen": (date(2027, 1, 25), 127, "over 18 weeks")}
    for name, (received, _days, _marker) in fixture.items():
        c = Client.objects.create(service=world.service, given_name=name, family_name="Fixture", date_of_birth=date(1980, 1, 1))
        Referral.objects.create(client=c, team=world.team_a, source="gp", received_on=received)
    body = login(world.supervisor_a).get("/waiting-list/", {"waiting_for": "assessment"}).content.decode()
    for name, (_received, days, marker) in fixture.items():
        row = re.search(rf"{name} Fixture.*?</tr>", body, re.S).group(0)
        assert f'<span class="fw-bold">{days}</span>' in row, name
        assert marker in row, name


def test_referral_page_query_count_does_not_grow_with_its_history(login, world):
    from stepcare.measures.tests.helpers import record
    from stepcare.testing import make_proposal

    referral = world.client_a1.referrals.get()
    make_proposal(referral)
    client = login(world.pwp_a1)
    url = f"/referrals/{referral.pk}/"

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    client.get(url)
    before = count()
    for day in range(12):
        Appointment.objects.create(referral=referral, practitioner=world.pwp_a1, kind="02", starts_at=timezone.now() - timedelta(days=day + 1), attendance="5")
        ContactAttempt.objects.create(referral=referral, at=timezone.now(), method="phone", outcome="reached", by=world.pwp_a1)
        record(referral, "PHQ9", actor=world.pwp_a1, days_ago=day + 1)
    assert count() == before
