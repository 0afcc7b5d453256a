from __future__ import annotations

import pytest

from stepcare.accounts.models import Role, User
from stepcare.assessment.models import StepDecision
from stepcare.demo.loader import DEMO_PASSWORD, OPEN_ALERTS, load_demo, logins_text
from stepcare.risk.selectors import open_alerts_for

pytestmark = pytest.mark.django_db


def test_demo_service_has_the_promised_people_and_work(client):
    load_demo()
    counts = {role: User.objects.filter(role=role).count() for role in Role.values}
    assert counts == {"pwp": 6, "supervisor": 2, "manager": 1, "admin": 1}
    supervisor = User.objects.get(email="supervisor1@demo.stepcare.example")
    assert set(supervisor.supervisees.all()) == set(User.objects.filter(team=supervisor.team, role=Role.PWP))
    assert open_alerts_for(supervisor).count() >= OPEN_ALERTS
    assert StepDecision.objects.filter(status="proposed").exists()
    assert "pwp1@demo.stepcare.example" in logins_text()
    # A demo PWP can sign in with the printed password.
    response = client.post("/accounts/login/", {"login": "pwp1@demo.stepcare.example", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "Open risk alerts" in client.get("/").content.decode()
