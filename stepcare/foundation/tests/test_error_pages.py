"""The error pages wear the site's layout (navigation, a main landmark, the chosen language),
say nothing about what was asked for, and the 500 page needs no database."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.views import defaults


def _layout(body: str) -> bool:
    return '<main id="main"' in body and 'aria-label="' in body and "<nav" in body


@pytest.mark.django_db
def test_404_for_someone_elses_client_is_the_same_as_for_nothing(client, world):
    client.force_login(world.pwp_a1)
    other = client.get(f"/clients/{world.client_a2.pk}/")
    missing = client.get("/clients/999999/")
    assert other.status_code == missing.status_code == 404
    body = other.content.decode()
    assert _layout(body) and "Page not found" in body
    assert "Beta" not in body
    assert 'href="/clients/"' in body  # the PWP's own menu
    # Word for word the same page, but for the address itself and the form tokens.
    same = [
        re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', "", r.content.decode().replace(url, "URL"))
        for r, url in ((other, f"/clients/{world.client_a2.pk}/"), (missing, "/clients/999999/"))
    ]
    assert same[0] == same[1]


@pytest.mark.django_db
def test_403_uses_the_layout_in_the_chosen_language(client, world):
    client.cookies["django_language"] = "he"
    client.force_login(world.pwp_a1)
    response = client.get("/audit/")
    assert response.status_code == 403
    body = response.content.decode()
    assert '<html lang="he" dir="rtl">' in body and _layout(body)
    assert "<h1>" in body and "403 Forbidden" not in body


def test_500_renders_without_the_database():
    # No django_db mark: any query here fails the test.
    request = RequestFactory().get("/anything/")
    with translation.override("ar"):
        response = defaults.server_error(request)
    body = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in body and '<main id="main"' in body
    assert "stepcare</a>" in body  # the brand link home


def test_400_renders_without_the_database():
    request = RequestFactory().get("/anything/")
    response = defaults.bad_request(request, Exception("bad"))
    assert response.status_code == 400
    assert '<main id="main"' in response.content.decode()


@pytest.mark.django_db
def test_a_form_without_its_csrf_token_gets_the_layout_and_nothing_is_saved(world):
    from django.test import Client

    from stepcare.clients.models import Client as ClientRecord

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.pwp_a1)
    before = ClientRecord.objects.count()
    response = browser.post("/referrals/new/", {"client-given_name": "Nora"})
    assert response.status_code == 403
    body = response.content.decode()
    assert '<main id="main"' in body and "The form had expired" in body
    assert ClientRecord.objects.count() == before
