from __future__ import annotations

import pytest

from stepcare.audit.models import AuditEvent
from stepcare.clients import selectors

pytestmark = pytest.mark.django_db


def test_pwp_sees_own_caseload_and_team_unallocated(world):
    visible = set(selectors.clients_visible_to(world.pwp_a1))
    assert visible == {world.client_a1, world.client_unallocated_a}


def test_supervisor_sees_whole_team(world):
    visible = set(selectors.clients_visible_to(world.supervisor_a))
    assert visible == {world.client_a1, world.client_a2, world.client_unallocated_a}


def test_manager_and_admin_see_no_client_records(world):
    assert not selectors.clients_visible_to(world.manager).exists()
    assert not selectors.clients_visible_to(world.admin).exists()


def test_pwp_opens_own_client_and_the_view_is_audited(login, world):
    client = login(world.pwp_a1)
    response = client.get(f"/clients/{world.client_a1.pk}/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert "Dana Alpha" in response.content.decode()
    event = AuditEvent.objects.filter(action="view").latest("id")
    assert (event.actor, event.client_id, event.ip_address, event.actor_role) == (
        world.pwp_a1, world.client_a1.pk, "10.1.2.3", "pwp"
    )


def test_second_pwp_in_same_team_gets_404_for_allocated_client(login, world):
    response = login(world.pwp_a2).get(f"/clients/{world.client_a1.pk}/")
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="view").exists()


def test_pwp_in_other_team_gets_404(login, world):
    assert login(world.pwp_b).get(f"/clients/{world.client_a1.pk}/").status_code == 404


def test_client_list_shows_only_visible_clients(login, world):
    body = login(world.pwp_a1).get("/clients/").content.decode()
    assert "Alpha" in body and "Gamma" in body
    assert "Beta" not in body and "Delta" not in body


def test_client_search_finds_by_name(login, world):
    body = login(world.supervisor_a).get("/clients/", {"q": "bet"}).content.decode()
    assert "Beta" in body and "Alpha" not in body


def test_linking_by_id_number_reveals_only_what_was_typed_and_opens_no_other_referral(login, world):
    """Per referral, not per client: a PWP of another team who types a known ID number is told
    the client is known (no name, no date of birth), may add the referral to that client, and
    then sees their own referral only — not team A's referral, its measures or its alerts."""
    from stepcare.clients.models import Client
    from stepcare.measures.tests.helpers import record
    from stepcare.risk.services import risk_alert_raise

    known = world.client_a1
    Client.objects.filter(pk=known.pk).update(israeli_id="000000018")
    team_a_referral = known.referrals.get()
    response_a = record(team_a_referral, "PHQ9")
    alert_a = risk_alert_raise(referral=team_a_referral, source="measure", summary="PHQ-9 item 9 answered 1", raised_by=None)

    pwp_b = login(world.pwp_b)
    form = {
        "client-given_name": "Someone", "client-family_name": "Typed", "client-date_of_birth": "1980-01-01",
        "client-israeli_id": "000000018", "client-preferred_language": "he",
        "referral-source": "gp", "referral-received_on": "2026-11-01", "referral-priority": "routine",
        "referral-reason": "Low mood.", "referral-problem_areas": ["low_mood"],
    }
    warning = pwp_b.post("/referrals/new/", form).content.decode()
    assert "already known to the service" in warning
    assert "Dana" not in warning and "Alpha" not in warning
    # No date of birth either (the date pickers' earliest plausible dates aside).
    assert "1990" not in warning.replace('min="1990-01-01"', "")

    linked = pwp_b.post("/referrals/new/", {**form, "use_client": str(known.pk)})
    assert linked.status_code == 302
    own = known.referrals.exclude(pk=team_a_referral.pk).get()
    assert own.team == world.team_b
    assert pwp_b.get(f"/referrals/{own.pk}/").status_code == 200
    assert pwp_b.get(f"/referrals/{team_a_referral.pk}/").status_code == 404
    assert pwp_b.get(f"/measures/responses/{response_a.pk}/").status_code == 404
    assert pwp_b.get(f"/risk/{alert_a.pk}/").status_code == 404
    record_page = pwp_b.get(f"/clients/{known.pk}/").content.decode()
    assert f"/referrals/{team_a_referral.pk}/" not in record_page
    assert "PHQ-9 item 9 answered 1" not in pwp_b.get("/").content.decode()
