"""Idle sessions expire, but a page does not rewrite the session row on every request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stepcare.foundation import sessions

pytestmark = pytest.mark.django_db


def _session_writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        q["sql"] for q in queries.captured_queries
        if "django_session" in q["sql"] and not q["sql"].lstrip().upper().startswith("SELECT")
    ]


def _row(client) -> Session:
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def _age_session(client, seconds: int) -> None:
    """Pretend the session was last saved ``seconds`` ago (its stamp and its row's expiry)."""
    session = client.session
    session[sessions.REFRESHED_KEY] -= seconds
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + timedelta(seconds=session.get_expiry_age() - seconds)
    )


def test_settings_renew_sessions_by_middleware_not_on_every_request(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    middleware = settings.MIDDLEWARE
    assert middleware.index("stepcare.foundation.sessions.SessionRefreshMiddleware") == (
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    )


def test_pages_within_a_minute_write_no_session(client, world):
    client.force_login(world.pwp_a1)
    client.get("/")  # the first page stamps the session
    expiry = _row(client).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
        assert client.get("/clients/").status_code == 200
    assert _session_writes(queries) == []
    assert _row(client).expire_date == expiry


def test_a_page_renews_a_session_saved_more_than_a_minute_ago(client, world):
    client.force_login(world.pwp_a1)
    client.get("/")
    _age_session(client, 5 * 60)
    before = _row(client).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(_session_writes(queries)) == 1
    after = _row(client).expire_date
    assert after - before >= timedelta(minutes=4)
    assert abs(after - (timezone.now() + timedelta(minutes=30))) < timedelta(seconds=10)


def test_a_session_is_not_renewed_when_its_expiry_would_move_less_than_a_minute(client, world):
    client.force_login(world.pwp_a1)
    client.get("/")
    _age_session(client, 50)
    before = _row(client).expire_date
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    assert _session_writes(queries) == []
    assert _row(client).expire_date == before


def test_an_idle_session_still_expires(client, world):
    client.force_login(world.pwp_a1)
    client.get("/")
    _age_session(client, 31 * 60)
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_anonymous_requests_get_no_session(client, world):
    response = client.get("/healthz")
    assert "sessionid" not in response.cookies
    assert Session.objects.count() == 0


def test_signing_out_is_not_undone_by_the_refresh(client, world):
    client.force_login(world.pwp_a1)
    client.get("/")
    key = client.cookies["sessionid"].value
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get("/").status_code == 302
