from __future__ import annotations

import pytest

from stepcare.audit.models import AuditEvent
from stepcare.risk.models import RiskAlert
from stepcare.risk.services import risk_alert_raise

pytestmark = pytest.mark.django_db


def _raise(world):
    referral = world.client_a1.referrals.get()
    return risk_alert_raise(referral=referral, source="measure", summary="PHQ-9 item 9 answered 1", raised_by=world.pwp_a1)


def test_alert_shows_on_supervisor_and_pwp_screens_until_acknowledged(login, world, client):
    alert = _raise(world)
    for user in (world.supervisor_a, world.pwp_a1):
        client.force_login(user)
        body = client.get("/").content.decode()
        assert "Open risk alerts" in body and "PHQ-9 item 9 answered 1" in body
    for user in (world.pwp_a2, world.pwp_b, world.supervisor_b):
        client.force_login(user)
        assert "PHQ-9 item 9 answered 1" not in client.get("/").content.decode()
    assert AuditEvent.objects.filter(object_type="risk.riskalert", action="create").exists()

    client.force_login(world.supervisor_a)
    response = client.post(f"/risk/{alert.pk}/", {"action_taken": ""})
    assert response.status_code == 200
    assert RiskAlert.objects.get(pk=alert.pk).is_open  # cannot be dismissed silently

    response = client.post(f"/risk/{alert.pk}/", {"action_taken": "Phoned client; safety plan reviewed."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert not alert.is_open and alert.acknowledged_by == world.supervisor_a
    assert "Open risk alerts" not in client.get("/").content.decode()
    assert AuditEvent.objects.filter(object_type="risk.riskalert", action="change", object_id=str(alert.pk)).exists()


def test_opening_an_alert_is_a_view_of_the_client_record(login, world):
    alert = _raise(world)
    assert login(world.supervisor_a).get(f"/risk/{alert.pk}/").status_code == 200
    assert AuditEvent.objects.filter(action="view", client_id=alert.client_id, actor=world.supervisor_a).exists()


def test_pwp_in_other_team_cannot_open_the_alert(login, world):
    alert = _raise(world)
    assert login(world.pwp_b).get(f"/risk/{alert.pk}/").status_code == 404


def test_phq9_item9_of_1_alerts_the_supervisor_until_acknowledged(login, world, client):
    """Issue 4: a PHQ-9 item 9 answer of 1, entered by the PWP, is on the supervisor's
    home page and stays there, page after page, until a clinician acknowledges it."""
    referral = world.client_a1.referrals.get()
    from django.utils import timezone

    answers = {f"item_q{i}": "0" for i in range(1, 11)} | {"item_q9": "1", "language": "en"}
    answers["completed_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    pwp = login(world.pwp_a1)
    response = pwp.post(f"/measures/referrals/{referral.pk}/new/PHQ9/", answers)
    assert response.status_code == 302, response.content.decode()[:2000]
    alert = RiskAlert.objects.get(referral=referral)
    client.force_login(world.supervisor_a)
    for _ in range(2):
        assert "PHQ-9 item 9" in client.get("/").content.decode()
    client.post(f"/risk/{alert.pk}/", {"action_taken": "Called the client the same day; no plans or intent; safety plan agreed."})
    assert "PHQ-9 item 9" not in client.get("/").content.decode()


def test_alert_list_shows_open_alerts_in_scope(login, world):
    alert = _raise(world)
    body = login(world.supervisor_a).get("/risk/").content.decode()
    assert f"/risk/{alert.pk}/" in body
    assert f"/risk/{alert.pk}/" not in login(world.pwp_b).get("/risk/").content.decode()


def test_reallocation_hands_the_open_alert_to_the_new_pwp(login, world, client):
    """Scoping follows the referral: the responsible clinician sees and acknowledges it, the
    former PWP gets 404 and no banner."""
    from stepcare.clients.services import referral_allocate

    alert = _raise(world)
    referral = alert.referral
    referral_allocate(actor=world.supervisor_a, referral=referral, pwp=world.pwp_a2)

    client.force_login(world.pwp_a1)
    assert client.get(f"/risk/{alert.pk}/").status_code == 404
    assert client.post(f"/risk/{alert.pk}/", {"action_taken": "Called."}).status_code == 404
    assert "PHQ-9 item 9 answered 1" not in client.get("/").content.decode()

    client.force_login(world.pwp_a2)
    assert "PHQ-9 item 9 answered 1" in client.get("/").content.decode()
    response = client.post(f"/risk/{alert.pk}/", {"action_taken": "Phoned the client; safety plan reviewed."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.acknowledged_by == world.pwp_a2


def test_an_alert_raised_while_unallocated_leaves_the_team_once_allocated(login, world, client):
    from stepcare.clients.services import referral_allocate

    referral = world.client_unallocated_a.referrals.get()
    alert = risk_alert_raise(referral=referral, source="measure", summary="PHQ-9 item 9 answered 2", raised_by=None)
    client.force_login(world.pwp_a2)
    assert client.get(f"/risk/{alert.pk}/").status_code == 200  # unallocated: the team's PWPs see it
    referral_allocate(actor=world.pwp_a1, referral=referral, pwp=world.pwp_a1)
    assert client.get(f"/risk/{alert.pk}/").status_code == 404
    assert "PHQ-9 item 9 answered 2" not in client.get("/").content.decode()
    client.force_login(world.pwp_a1)
    assert "PHQ-9 item 9 answered 2" in client.get("/").content.decode()
