"""Access is granted by a second person; sign-in addresses are the service's; lockout cannot
be used to keep a clinician out."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client

from stepcare.audit.models import AuditEvent
from stepcare.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _edit(client, user, **changes):
    data = {
        "email": user.email, "full_name": user.full_name, "role": user.role,
        "team": user.team_id or "", "is_active": "on" if user.is_active else "",
    }
    data.update(changes)
    return client.post(f"/staff/{user.pk}/", data)


def test_an_administrator_cannot_make_themselves_a_clinician(login, world):
    client = login(world.admin)

    # The form does not offer one's own role, team or status; a forged POST changes nothing.
    import re

    page = client.get(f"/staff/{world.admin.pk}/").content.decode()
    assert re.search(r'<select name="role"[^>]*\bdisabled\b', page)
    _edit(client, world.admin, role="supervisor", team=world.team_a.pk)

    world.admin.refresh_from_db()
    assert world.admin.role == "admin" and world.admin.team_id is None
    assert client.get(f"/referrals/{world.client_a1.referrals.get().pk}/").status_code == 403


def test_the_service_refuses_a_change_to_ones_own_role_whatever_the_form(world):
    from django.core.exceptions import ValidationError

    from stepcare.accounts.services import user_update

    with pytest.raises(ValidationError, match="your own role"):
        user_update(actor=world.admin, user=world.admin, full_name="Adam", role="supervisor",
                    team=world.team_a, is_active=True)


def test_granting_a_clinical_role_is_audited_with_both_names(login, world):
    client = login(world.admin)

    response = _edit(client, world.manager, role="supervisor", team=world.team_a.pk)

    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="change", object_id=str(world.manager.pk)).latest("id")
    assert event.detail["granted_by"] == world.admin.full_name
    assert event.detail["granted_to"] == world.manager.full_name
    assert (event.detail["role_before"], event.detail["role"]) == ("manager", "supervisor")


def test_staff_cannot_reach_the_page_that_adds_e_mail_addresses(login, world):
    client = login(world.pwp_a1)

    assert client.get("/accounts/email/").status_code == 404
    response = client.post("/accounts/email/", {"email": "me@outside.example", "action_add": ""})
    assert response.status_code == 404
    from allauth.account.models import EmailAddress

    assert not EmailAddress.objects.filter(email="me@outside.example").exists()


def test_an_administrator_changes_a_sign_in_address_and_only_that_one_remains(login, world):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=world.pwp_a1, email="old-extra@outside.example", primary=False, verified=True)
    client = login(world.admin)

    response = _edit(client, world.pwp_a1, email="alice.new@example.org", team=world.team_a.pk)

    assert response.status_code == 302
    world.pwp_a1.refresh_from_db()
    assert world.pwp_a1.email == "alice.new@example.org"
    assert list(EmailAddress.objects.filter(user=world.pwp_a1).values_list("email", flat=True)) == ["alice.new@example.org"]


def test_a_deactivated_account_with_the_right_password_gets_the_wrong_password_answer(client, world):
    world.pwp_a2.is_active = False
    world.pwp_a2.save()

    response = client.post("/accounts/login/", {"login": world.pwp_a2.email, "password": PASSWORD})

    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.content.decode()
    assert "inactive" not in response.content.decode().lower()


def test_a_strangers_guesses_do_not_lock_the_clinician_out_from_their_own_address(world, settings):
    stranger, clinic = Client(REMOTE_ADDR="198.51.100.66"), Client(REMOTE_ADDR="192.0.2.10")
    settings.TRUSTED_PROXIES = []
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):
        stranger.post("/accounts/login/", {"login": world.pwp_a1.email, "password": "guess-guess-1"})

    assert stranger.post("/accounts/login/", {"login": world.pwp_a1.email, "password": PASSWORD}).status_code == 429
    assert clinic.post("/accounts/login/", {"login": world.pwp_a1.email, "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action="locked_out", detail__login=world.pwp_a1.email).exists()


def test_further_attempts_do_not_extend_the_cool_off(world, settings):
    stranger = Client(REMOTE_ADDR="198.51.100.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        stranger.post("/accounts/login/", {"login": world.pwp_a1.email, "password": "guess-guess-1"})
    locked_at = AccessAttempt.objects.get(username=world.pwp_a1.email).attempt_time

    for _ in range(3):  # one guess every few minutes, while locked
        stranger.post("/accounts/login/", {"login": world.pwp_a1.email, "password": "guess-guess-1"})

    assert AccessAttempt.objects.get(username=world.pwp_a1.email).attempt_time == locked_at


def test_an_administrator_unlocks_an_account_and_it_is_audited(login, world, settings):
    stranger = Client(REMOTE_ADDR="198.51.100.66")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        stranger.post("/accounts/login/", {"login": world.pwp_a1.email, "password": "guess-guess-1"})
    client = login(world.admin)
    assert "Unlock the account" in client.get(f"/staff/{world.pwp_a1.pk}/").content.decode()

    response = client.post(f"/staff/{world.pwp_a1.pk}/", {"unlock": "1"})

    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=world.pwp_a1.email).exists()
    assert AuditEvent.objects.filter(action="unlocked", object_id=str(world.pwp_a1.pk)).exists()
    assert stranger.post("/accounts/login/", {"login": world.pwp_a1.email, "password": PASSWORD}).status_code == 302
