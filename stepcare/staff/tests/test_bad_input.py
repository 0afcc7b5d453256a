"""Crafted identifiers in forms and query strings answer 400 or 404 (or a page with a clear
message), never 500, and write nothing."""

from __future__ import annotations

import pytest

from stepcare.audit.models import AuditEvent
from stepcare.staff.tests.test_access import OBJECT_KWARGS, _url, project_patterns

CRAFTED = ["abc", "²", "١٢", "-1", "9" * 30, "' OR 1=1 --"]
# Every identifier a page reads from its query string or a form.
FIELDS = ["use_client", "pwp", "team", "supervisees", "page", "client", "user", "referral", "language", "waiting_for", "q"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["supervisor_a", "manager", "admin"])
def test_crafted_identifiers_never_answer_500(client, world, persona):
    user = world.personas[persona]
    client.force_login(user)
    for route, pattern in project_patterns():
        if not pattern.callback.access_rule.allows(user.role):
            continue
        own = "pwp_a1"  # a referral the supervisor may see
        kwargs = {k: OBJECT_KWARGS[k][0](world, own) for k in pattern.pattern.converters}
        url = _url(route, kwargs)
        for value in CRAFTED:
            data = {field: value for field in FIELDS}
            writes = AuditEvent.objects.filter(action__in=["create", "change"]).count()
            get = client.get(url, data)
            post = client.post(url, data)
            assert get.status_code < 500, (persona, "GET", url, value)
            assert post.status_code < 500, (persona, "POST", url, value)
            if post.status_code in (400, 404):
                assert AuditEvent.objects.filter(action__in=["create", "change"]).count() == writes, (url, value)


@pytest.mark.django_db
def test_a_crafted_existing_client_id_is_404(login, world):
    response = login(world.pwp_a1).post("/referrals/new/", {"use_client": "²", "referral-source": "gp"})
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_30_digit_team_is_refused_at_the_field(login, world):
    response = login(world.admin).post(
        "/staff/new/", {"email": "new@example.org", "full_name": "New Person", "role": "pwp", "team": "9" * 30}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
