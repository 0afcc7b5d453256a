"""Shared test fixtures: the personas every stepcare test speaks in.

Team A: pwp_a1, pwp_a2 (same team), supervisor_a (supervises both).
Team B: pwp_b, supervisor_b. Plus a manager, an admin and anonymous.
Clients: client_a1 (on pwp_a1's caseload), client_a2 (pwp_a2's),
client_unallocated_a (team A, not yet allocated), client_b (pwp_b's).
"""

from __future__ import annotations

import os
import time
from datetime import date, timedelta
from types import SimpleNamespace

import pytest

os.environ.setdefault("STEPCARE_DATA_DIR", os.path.join(os.path.dirname(__file__), "var", "test"))
os.environ.setdefault("STEPCARE_MODE", "local")
# Playwright's sync API runs an event loop in the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery-42"


def make_world():
    from stepcare.accounts import services as accounts
    from stepcare.accounts.models import Role
    from stepcare.clients.models import Client, Referral, ReferralSource, ReferralStatus

    service = accounts.service_get_or_create(name="Test service")
    team_a = accounts.team_create(actor=None, service=service, name="Team A")
    team_b = accounts.team_create(actor=None, service=service, name="Team B")

    def staff(email, role, team, **extra):
        return accounts.user_create(
            actor=None, email=email, full_name=email.split("@")[0].replace("_", " ").title(),
            role=role, team=team, password=PASSWORD, **extra,
        )

    w = SimpleNamespace(service=service, team_a=team_a, team_b=team_b)
    w.pwp_a1 = staff("alice_pwp@example.org", Role.PWP, team_a)
    w.pwp_a2 = staff("bob_pwp@example.org", Role.PWP, team_a)
    w.pwp_b = staff("charlie_pwp@example.org", Role.PWP, team_b)
    w.supervisor_a = staff("sam_supervisor@example.org", Role.SUPERVISOR, team_a, supervisees=[w.pwp_a1, w.pwp_a2])
    w.supervisor_b = staff("tess_supervisor@example.org", Role.SUPERVISOR, team_b, supervisees=[w.pwp_b])
    w.manager = staff("mona_manager@example.org", Role.MANAGER, None)
    w.admin = staff("adam_admin@example.org", Role.ADMIN, None)

    def client(given, family, team, pwp, status=ReferralStatus.IN_TREATMENT):
        c = Client.objects.create(service=service, given_name=given, family_name=family, date_of_birth=date(1990, 5, 17))
        Referral.objects.create(
            client=c, team=team, source=ReferralSource.GP, received_on=date.today() - timedelta(days=20),
            status=status, allocated_pwp=pwp,
        )
        return c

    w.client_a1 = client("Dana", "Alpha", team_a, w.pwp_a1)
    w.client_a2 = client("Eli", "Beta", team_a, w.pwp_a2)
    w.client_unallocated_a = client("Fay", "Gamma", team_a, None, ReferralStatus.WAITING)
    w.client_b = client("Gil", "Delta", team_b, w.pwp_b)
    def foreign_client(name):
        """A client the persona must not see."""
        return {
            "pwp_a1": w.client_a2,  # same team, but allocated to pwp_a2
            "pwp_a2": w.client_a1,
            "supervisor_a": w.client_b,  # other team
            "pwp_b": w.client_a1,
            "manager": w.client_a1,
            "admin": w.client_a1,
        }[name]

    def foreign_referral(name):
        return foreign_client(name).referrals.get()

    def foreign_alert(name):
        from stepcare.risk.services import risk_alert_raise

        referral = foreign_referral(name)
        return referral.risk_alerts.first() or risk_alert_raise(
            referral=referral, source="measure", summary="PHQ-9 item 9 answered 1", raised_by=None
        )

    def foreign_decision(name):
        referral = foreign_referral(name)
        return referral.step_decisions.first() or make_proposal(referral)

    w.foreign_client, w.foreign_referral, w.foreign_alert = foreign_client, foreign_referral, foreign_alert
    w.foreign_decision = foreign_decision
    w.personas = {
        "pwp_a1": w.pwp_a1, "pwp_a2": w.pwp_a2, "supervisor_a": w.supervisor_a, "pwp_b": w.pwp_b,
        "manager": w.manager, "admin": w.admin,
    }
    return w


def make_assessment(referral, *, level="low", complete=True):
    """A completed assessment (with risk assessment) written straight to the database."""
    from stepcare.assessment.models import Assessment, RiskAssessment

    assessment = Assessment.objects.create(
        referral=referral, practitioner=referral.allocated_pwp or referral.team.members.filter(role="pwp").first(),
        assessed_on=date.today(), problem_statement="Low mood since losing job; stopped seeing friends; off work.",
        problem_areas=["low_mood"], descriptor="F32",
        status=Assessment.Status.COMPLETE if complete else Assessment.Status.DRAFT,
    )
    RiskAssessment.objects.create(assessment=assessment, suicidal_thoughts="none", level=level)
    return assessment


def make_proposal(referral, *, step="step2", intervention="ba", proposed_by=None):
    from django.utils import timezone

    from stepcare.assessment.models import StepDecision

    assessment = referral.assessments.first() or make_assessment(referral)
    return StepDecision.objects.create(
        referral=referral, assessment=assessment, proposed_by=proposed_by or assessment.practitioner,
        proposed_at=timezone.now(), proposed_step=step, proposed_intervention=intervention,
        rationale="Moderate depression, wants to get going again.", client_choice="Individual sessions by phone.",
    )


@pytest.fixture
def world(db):
    return make_world()


@pytest.fixture
def login(client):
    """Log a persona in with the Django test client (second factor bypassed)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture(autouse=True)
def _second_factor_off_unless_asked(request, settings):
    """Most tests are about something else; the 2FA tests turn it back on."""
    settings.REQUIRE_2FA = request.node.get_closest_marker("require_2fa") is not None


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (asserted in test_auth); tests need speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _tasks_run_immediately(request, settings):
    """Background tasks run in-line in tests, except where a test exercises the queue."""
    if request.node.get_closest_marker("task_queue") is None:
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
