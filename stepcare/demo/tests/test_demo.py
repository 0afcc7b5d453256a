from __future__ import annotations

import pytest

from stepcare.accounts.countries import service_crisis_contacts
from stepcare.accounts.models import Role, Service, User
from stepcare.assessment.models import StepDecision
from stepcare.audit.models import AuditEvent
from stepcare.clients.identifiers import nhs_number_is_valid
from stepcare.clients.models import Client, Referral
from stepcare.demo.loader import (
    DEMO_CLIENTS,
    DEMO_PASSWORD,
    ENGLAND_CLIENTS,
    OPEN_ALERTS,
    load_demo,
    logins_text,
)
from stepcare.risk.selectors import open_alerts_for

pytestmark = pytest.mark.django_db


def test_demo_service_has_the_promised_people_and_work(client):
    load_demo()
    counts = {role: User.objects.filter(role=role).count() for role in Role.values}
    assert counts == {"pwp": 12, "supervisor": 4, "manager": 2, "admin": 2}  # two services
    supervisor = User.objects.get(email="supervisor1@demo.stepcare.example")
    assert set(supervisor.supervisees.all()) == set(User.objects.filter(team=supervisor.team, role=Role.PWP))
    assert open_alerts_for(supervisor).count() >= OPEN_ALERTS
    assert StepDecision.objects.filter(status="proposed").exists()
    assert "pwp1@demo.stepcare.example" in logins_text()
    assert "pwp1@england.demo.stepcare.example" in logins_text()
    # A demo PWP can sign in with the printed password.
    response = client.post("/accounts/login/", {"login": "pwp1@demo.stepcare.example", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "Open risk alerts" in client.get("/").content.decode()


def test_demo_has_an_israeli_and_an_english_service(client):
    load_demo()

    israel, england = Service.objects.order_by("id")
    assert (israel.country, israel.default_language) == ("IL", "he")
    assert (england.country, england.default_language) == ("GB", "en")
    assert england.phone and israel.phone  # letters say "call us on the number at the top"
    assert [n for _label, n in service_crisis_contacts(england)] == ["999", "111", "116 123"]
    assert [n for _label, n in service_crisis_contacts(israel)] == ["1201", "101", "100"]
    english_clients = Client.objects.filter(service=england)
    assert english_clients.count() == ENGLAND_CLIENTS
    assert all(nhs_number_is_valid(c.nhs_number) and not c.israeli_id for c in english_clients)
    assert Client.objects.filter(service=israel).exclude(israeli_id="").count() == DEMO_CLIENTS
    pwp = User.objects.get(email="pwp1@england.demo.stepcare.example")
    assert pwp.service == england and pwp.team.service == england
    # Each service's staff see only their own clients.
    assert not Referral.objects.filter(team__service=israel, allocated_pwp__service=england).exists()
    assert AuditEvent.objects.filter(action="change", object_type="accounts.service").count() == 2
    response = client.post("/accounts/login/", {"login": pwp.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
