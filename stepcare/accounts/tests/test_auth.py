from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import mail

import stepcare.settings as project_settings
from stepcare.audit.models import AuditEvent
from stepcare.testing import PASSWORD, totp_code

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def _login(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_wrong_password_and_unknown_email_get_the_same_generic_message(client, world):
    wrong_password = _login(client, world.pwp_a1.email, "not-the-password").content.decode()
    unknown_email = _login(client, "nobody@example.org", "not-the-password").content.decode()
    message = "The email address and/or password you specified are not correct."
    assert message in wrong_password and message in unknown_email


def test_pwp_logs_in_and_sees_their_caseload(client, world):
    response = _login(client, world.pwp_a1.email, PASSWORD)
    assert response.status_code == 302
    body = client.get("/").content.decode()
    assert "My caseload" in body and "Dana Alpha" in body
    assert AuditEvent.objects.filter(action="login", actor=world.pwp_a1).exists()


def test_repeated_failures_lock_the_account_and_say_when_to_retry(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, world.pwp_a1.email, "wrong-password-1")
    response = _login(client, world.pwp_a1.email, PASSWORD)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Please try again after" in body and "15 minutes" in body
    assert "_auth_user_id" not in client.session
    # Another account is not affected.
    assert _login(client, world.pwp_a2.email, PASSWORD).status_code == 302


def test_failed_logins_are_audited(client, world):
    _login(client, world.pwp_a1.email, "nope-nope-nope")
    assert AuditEvent.objects.filter(action="login_failed").exists()


@pytest.mark.require_2fa
def test_staff_without_totp_must_set_it_up_first(client, world):
    response = _login(client, world.pwp_a1.email, PASSWORD)
    assert response["Location"] == "/"
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    # allauth asks for the password again before any change to the second factor.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert "Authenticator App" in client.get("/accounts/2fa/totp/activate/").content.decode()


@pytest.mark.require_2fa
def test_login_with_totp_second_step(client, world):
    secret = generate_totp_secret()
    TOTP.activate(world.pwp_a1, secret)
    response = _login(client, world.pwp_a1.email, PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302  # not in yet
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@pytest.mark.require_2fa
def test_staff_cannot_remove_their_second_factor_when_required(client, world):
    TOTP.activate(world.pwp_a1, generate_totp_secret())
    client.force_login(world.pwp_a1)
    client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=world.pwp_a1, type="totp").exists()


def test_password_reset_sends_an_email_without_revealing_accounts(client, world):
    client.post("/accounts/password/reset/", {"email": world.pwp_a1.email})
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    recipients = [m.to[0] for m in mail.outbox]
    assert world.pwp_a1.email in recipients


def test_sign_up_is_closed(client, world):
    from stepcare.accounts.models import User

    before = User.objects.count()
    response = client.post("/accounts/signup/", {"email": "intruder@example.org", "password1": "a-long-password-77"})
    assert "Sign Up Closed" in response.content.decode()
    assert User.objects.count() == before


def test_idle_sessions_expire(settings):
    # Renewed at most once a minute by stepcare.foundation.sessions (its tests show the expiry).
    assert "stepcare.foundation.sessions.SessionRefreshMiddleware" in settings.MIDDLEWARE
    assert settings.SESSION_COOKIE_AGE == 30 * 60


def test_admin_adds_a_staff_member(login, world):
    client = login(world.admin)
    response = client.post(
        "/staff/new/",
        {"email": "New.Pwp@Example.org", "full_name": "New Pwp", "role": "pwp", "team": world.team_a.pk, "is_active": "on"},
    )
    assert response.status_code == 302
    from stepcare.accounts.models import User

    user = User.objects.get(email="new.pwp@example.org")
    assert user.team == world.team_a and not user.has_usable_password()
    assert AuditEvent.objects.filter(action="create", object_type="accounts.user", object_id=str(user.pk)).exists()


def test_pwp_without_team_is_refused_with_a_field_message(login, world):
    from stepcare.accounts.models import User

    response = login(world.admin).post("/staff/new/", {"email": "x@example.org", "full_name": "X", "role": "pwp"})
    assert response.status_code == 200
    assert "PWPs and supervisors must belong to a team." in response.content.decode()
    assert not User.objects.filter(email="x@example.org").exists()
