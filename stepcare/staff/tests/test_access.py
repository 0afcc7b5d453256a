"""Every URL, every persona: anonymous goes to login, nobody reaches another's data,
nothing answers 500. A new view is covered the day it is added: it must carry an
access rule (stepcare.foundation.access) and, if its URL takes an object, that kwarg must
be registered in OBJECT_KWARGS below with how to find someone else's object.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from stepcare.measures.tests.helpers import foreign_measure_response

# Library views covered by their own tests (allauth, Django's language switch).
LIBRARY_PREFIXES = ("accounts/", "i18n/")


# kwarg name -> (how to get an object for this persona, is it client data scoped to the user)
OBJECT_KWARGS = {
    "client_pk": (lambda w, name: w.foreign_client(name).pk, True),
    "referral_pk": (lambda w, name: w.foreign_referral(name).pk, True),
    "user_pk": (lambda w, name: w.pwp_b.pk, False),
    "alert_pk": (lambda w, name: w.foreign_alert(name).pk, True),
    "letter_pk": (lambda w, name: __import__("stepcare.assessment.tests.test_letters", fromlist=["_"]).foreign_letter(w, name).pk, True),
    "code": (lambda w, name: "PHQ9", False),
    "response_pk": (lambda w, name: foreign_measure_response(w, name).pk, True),
    "decision_pk": (lambda w, name: w.foreign_decision(name).pk, True),
}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def project_patterns():
    found = []
    for route, pattern in _walk(get_resolver().url_patterns):
        if route.startswith(LIBRARY_PREFIXES) or route.startswith("static/"):
            continue
        found.append((route, pattern))
    return found


def _url(route, kwargs):
    import re

    def fill(match):
        return str(kwargs[match.group(2)])

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def test_every_project_view_declares_an_access_rule():
    missing = [route for route, p in project_patterns() if not hasattr(p.callback, "access_rule")]
    assert missing == [], f"views without an access rule (use staff_view/public_view): {missing}"


def test_every_url_kwarg_is_registered():
    unknown = {name for _route, p in project_patterns() for name in p.pattern.converters}
    unknown -= set(OBJECT_KWARGS)
    assert unknown == set(), f"register these URL kwargs in OBJECT_KWARGS: {sorted(unknown)}"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login_everywhere(client, world):
    for route, pattern in project_patterns():
        rule = pattern.callback.access_rule
        kwargs = {k: OBJECT_KWARGS[k][0](world, "pwp_a1") for k in pattern.pattern.converters}
        url = _url(route, kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code < 500, (method, url)
            if not rule.public:
                assert response.status_code == 302, (method, url, response.status_code)
                assert response["Location"].startswith("/accounts/login/"), (method, url)


PERSONAS = ["pwp_a1", "pwp_a2", "supervisor_a", "pwp_b", "manager", "admin", "pwp_c", "supervisor_c", "manager_2", "admin_2"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_reaches_anothers_data(client, world, persona):
    from stepcare.audit.models import AuditEvent

    user = world.personas[persona]
    other_service = [c for c in world.clients if c.service_id != user.service_id]
    client.force_login(user)
    for route, pattern in project_patterns():
        rule = pattern.callback.access_rule
        kwargs = {k: OBJECT_KWARGS[k][0](world, persona) for k in pattern.pattern.converters}
        scoped = any(OBJECT_KWARGS[k][1] for k in pattern.pattern.converters)
        url = _url(route, kwargs)
        for method in ("get", "post"):
            before = AuditEvent.objects.filter(action__in=["create", "change"]).count()
            last_event = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = getattr(client, method)(url)
            assert response.status_code < 500, (persona, method, url)
            if not rule.allows(user.role):
                assert response.status_code in (403, 404), (persona, method, url, response.status_code)
            elif scoped:
                assert response.status_code == 404, (persona, method, url, response.status_code)
            if response.status_code in (403, 404):
                after = AuditEvent.objects.filter(action__in=["create", "change"]).count()
                assert after == before, f"{persona} {method} {url} wrote something while refused"
            body = response.content.decode(errors="replace") if response.status_code == 200 else ""
            for other in other_service:
                assert other.family_name not in body, f"{persona} {method} {url} shows another service's client"
            _assert_views_recorded(user, url, body, world.clients, last_event)


def _assert_views_recorded(user, url, body, clients, after_id):
    """Every client whose name the page shows has a view event from this request."""
    from stepcare.audit.models import AuditEvent

    viewed = set(
        AuditEvent.objects.filter(id__gt=after_id, action="view", actor=user).values_list("client_id", flat=True)
    )
    for shown in clients:
        if f"{shown.given_name} {shown.family_name}" in body or shown.family_name in body:
            assert shown.pk in viewed, f"{user.email} saw {shown} at {url} and no view event was written"


@pytest.mark.django_db
def test_the_walk_covers_pages_that_show_clients(client, world):
    """The view-event check above is not vacuous: these pages show the PWP's own clients."""
    from stepcare.audit.models import AuditEvent

    client.force_login(world.pwp_a1)
    for url in ("/", "/clients/", "/waiting-list/", f"/referrals/{world.client_a1.referrals.get().pk}/"):
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        body = client.get(url).content.decode()
        assert "Alpha" in body, url
        _assert_views_recorded(world.pwp_a1, url, body, world.clients, last)
    # The risk banner names the client on every page, even one about something else.
    world.foreign_alert("pwp_b")  # an open alert on client_a1, pwp_a1's client
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    body = client.get("/measures/").content.decode()
    assert "Alpha" in body
    _assert_views_recorded(world.pwp_a1, "/measures/", body, world.clients, last)


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["pwp_a1", "supervisor_a"])
def test_every_page_showing_a_client_records_a_view(client, world, viewer):
    """Every URL again, now with objects the viewer may see (client_a1's: the objects the walk
    above uses as pwp_a2's forbidden ones): a page that shows a client's name must write a
    view event for that client, whatever the page is for."""
    from stepcare.audit.models import AuditEvent
    from stepcare.testing import make_assessment

    make_assessment(world.client_a1.referrals.get())  # so the proposal form opens
    user = world.personas[viewer]
    client.force_login(user)
    shown_somewhere = 0
    # Pages with an alert last: an open alert's banner names the client on every page and
    # records its own view, which would hide a page that forgets to.
    routes = sorted(project_patterns(), key=lambda rp: "alert_pk" in rp[1].pattern.converters)
    for route, pattern in routes:
        if not pattern.callback.access_rule.allows(user.role):
            continue
        kwargs = {k: OBJECT_KWARGS[k][0](world, "pwp_a2") for k in pattern.pattern.converters}
        url = _url(route, kwargs)
        last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode()
            shown_somewhere += "Alpha" in body
            _assert_views_recorded(user, url, body, world.clients, last)
    assert shown_somewhere >= 8, "the walk should reach the pages of client_a1's record"
