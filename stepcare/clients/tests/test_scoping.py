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
