"""The second factor cannot be guessed: wrong codes are limited per account and audited, and a
code works once across every web process (the marker is in the shared database cache)."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.db import connection

from stepcare.audit.models import AuditEvent
from stepcare.testing import PASSWORD, totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.require_2fa]


def _password_step(client, user):
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_the_sixth_code_in_five_minutes_is_refused_even_when_right_and_every_failure_is_audited(client, world):
    secret = generate_totp_secret()
    TOTP.activate(world.pwp_a1, secret)
    _password_step(client, world.pwp_a1)

    for _ in range(5):
        response = client.post("/accounts/2fa/authenticate/", {"code": _wrong(totp_code(secret))})
        assert response.status_code == 200
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()
    failures = AuditEvent.objects.filter(action="mfa_failed", object_id=str(world.pwp_a1.pk))
    assert failures.count() == 6
    assert failures.filter(detail__refused="too many attempts").count() == 1


def test_a_used_code_is_refused_in_another_session_and_the_marker_is_shared(client, world, django_user_model):
    from django.test import Client

    secret = generate_totp_secret()
    TOTP.activate(world.pwp_a1, secret)
    code = totp_code(secret)
    _password_step(client, world.pwp_a1)
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302

    # Another browser (on another web process: the marker is a row every process reads).
    other = Client()
    _password_step(other, world.pwp_a1)
    response = other.post("/accounts/2fa/authenticate/", {"code": code})

    assert response.status_code == 200 and "_auth_user_id" not in other.session
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM stepcare_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any("allauth.mfa.totp.used" in key for key in keys)


def test_wrong_passwords_are_still_counted_by_axes_not_by_allauth(client, world, settings):
    # Five wrong passwords lock the account (axes, per account and address); allauth's own
    # password limit is off, so the lockout page (429) with its retry time is what answers.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"login": world.pwp_a2.email, "password": "wrong-password-1"})
    response = client.post("/accounts/login/", {"login": world.pwp_a2.email, "password": PASSWORD})
    assert response.status_code == 429
