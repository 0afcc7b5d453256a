"""Personas and factories for tests and benchmarks: every record is made through the same
services a person's click goes through (never straight into the ORM), so a test's world
obeys the same rules, lifecycle and audit trail as the product.

Two services, two teams each. Service 1 ("Test service"):
  Team A: pwp_a1 (Alice), pwp_a2 (Bob), supervisor_a (Sam, supervises both)
  Team B: pwp_b (Charlie), supervisor_b (Tess)
  manager (Mona), admin (Adam)
Service 2 ("Other service"): teams C and D with pwp_c, supervisor_c, pwp_d, manager_2, admin_2.
Clients: client_a1 (pwp_a1's), client_a2 (pwp_a2's), client_unallocated_a (team A, nobody's
yet), client_b (pwp_b's), client_c (service 2, pwp_c's).
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

PASSWORD = "correct-horse-battery-42"  # noqa: S105 - test accounts only


def make_world() -> SimpleNamespace:
    from stepcare.accounts import services as accounts
    from stepcare.accounts.models import Role

    service = accounts.service_get_or_create(name="Test service")
    other_service = accounts.service_create(name="Other service")
    w = SimpleNamespace(service=service, other_service=other_service)
    w.team_a = accounts.team_create(actor=None, service=service, name="Team A")
    w.team_b = accounts.team_create(actor=None, service=service, name="Team B")
    w.team_c = accounts.team_create(actor=None, service=other_service, name="Team C")
    w.team_d = accounts.team_create(actor=None, service=other_service, name="Team D")

    def staff(email: str, role: str, team: Any, service: Any = None, **extra: Any) -> Any:
        return accounts.user_create(
            actor=None, email=email, full_name=email.split("@")[0].replace("_", " ").title(),
            role=role, team=team, service=service, password=PASSWORD, **extra,
        )

    w.pwp_a1 = staff("alice_pwp@example.org", Role.PWP, w.team_a)
    w.pwp_a2 = staff("bob_pwp@example.org", Role.PWP, w.team_a)
    w.pwp_b = staff("charlie_pwp@example.org", Role.PWP, w.team_b)
    w.supervisor_a = staff("sam_supervisor@example.org", Role.SUPERVISOR, w.team_a, supervisees=[w.pwp_a1, w.pwp_a2])
    w.supervisor_b = staff("tess_supervisor@example.org", Role.SUPERVISOR, w.team_b, supervisees=[w.pwp_b])
    w.manager = staff("mona_manager@example.org", Role.MANAGER, None, service)
    w.admin = staff("adam_admin@example.org", Role.ADMIN, None, service)
    w.pwp_c = staff("carmel_pwp@other.example.org", Role.PWP, w.team_c)
    w.pwp_d = staff("dov_pwp@other.example.org", Role.PWP, w.team_d)
    w.supervisor_c = staff("sara_supervisor@other.example.org", Role.SUPERVISOR, w.team_c, supervisees=[w.pwp_c])
    w.manager_2 = staff("miri_manager@other.example.org", Role.MANAGER, None, other_service)
    w.admin_2 = staff("avi_admin@other.example.org", Role.ADMIN, None, other_service)

    w.client_a1 = make_client(w.pwp_a1, "Dana", "Alpha")
    w.client_a2 = make_client(w.pwp_a2, "Eli", "Beta")
    w.client_unallocated_a = make_client(w.pwp_a1, "Fay", "Gamma", allocate=False)
    w.client_b = make_client(w.pwp_b, "Gil", "Delta")
    w.client_c = make_client(w.pwp_c, "Hila", "Epsilon")
    w.clients = [w.client_a1, w.client_a2, w.client_unallocated_a, w.client_b, w.client_c]

    def foreign_client(name: str) -> Any:
        """A client the persona must not see (the same-team, other-team or other-service one)."""
        return {
            "pwp_a1": w.client_a2,  # same team, but allocated to pwp_a2
            "pwp_a2": w.client_a1,
            "supervisor_a": w.client_b,  # other team
            "pwp_b": w.client_a1,
            "manager": w.client_a1,
            "admin": w.client_a1,
            "pwp_c": w.client_a1,  # other service
            "supervisor_c": w.client_b,
            "manager_2": w.client_a1,
            "admin_2": w.client_a1,
        }[name]

    def foreign_referral(name: str) -> Any:
        return foreign_client(name).referrals.get()

    def foreign_alert(name: str) -> Any:
        from stepcare.risk.services import risk_alert_raise

        referral = foreign_referral(name)
        return referral.risk_alerts.first() or risk_alert_raise(
            referral=referral, source="measure", summary="PHQ-9 item 9 answered 1", raised_by=None
        )

    def foreign_decision(name: str) -> Any:
        referral = foreign_referral(name)
        return referral.step_decisions.first() or make_proposal(referral)

    w.foreign_client, w.foreign_referral, w.foreign_alert = foreign_client, foreign_referral, foreign_alert
    w.foreign_decision = foreign_decision
    w.personas = {
        "pwp_a1": w.pwp_a1, "pwp_a2": w.pwp_a2, "supervisor_a": w.supervisor_a, "pwp_b": w.pwp_b,
        "manager": w.manager, "admin": w.admin,
        "pwp_c": w.pwp_c, "supervisor_c": w.supervisor_c, "manager_2": w.manager_2, "admin_2": w.admin_2,
    }
    return w


def make_client(pwp: Any, given: str, family: str, *, allocate: bool = True, days_ago: int = 20, **fields: Any) -> Any:
    """A client with one GP referral received ``days_ago`` days ago on ``pwp``'s team's
    waiting list, allocated to ``pwp`` unless ``allocate`` is false."""
    from stepcare.clients import lifecycle
    from stepcare.clients import services as client_services
    from stepcare.clients.models import ReferralSource

    client = client_services.client_create(
        actor=pwp, given_name=given, family_name=family, date_of_birth=date(1990, 5, 17), **fields,
    )
    referral = lifecycle.referral_create(
        actor=pwp, client=client, source=ReferralSource.GP,
        received_on=timezone.localdate() - timedelta(days=days_ago),
    )
    if allocate:
        client_services.referral_allocate(actor=pwp, referral=referral, pwp=pwp)
    return client


def make_assessment(referral: Any, *, level: str = "low", complete: bool = True, descriptor: str = "F32", **risk: Any) -> Any:
    """The referral's initial assessment with its risk assessment, saved by its PWP."""
    from stepcare.assessment import services

    pwp = referral.allocated_pwp or referral.team.members.filter(role="pwp").order_by("id").first()
    return services.assessment_save(
        actor=pwp, referral=referral, assessment=None,
        fields={
            "assessed_on": timezone.localdate(),
            "problem_statement": "Low mood since losing job; stopped seeing friends; off work.",
            "problem_areas": ["low_mood"], "descriptor": descriptor,
        },
        risk_fields={"suicidal_thoughts": "none", "level": level, **risk},
        complete=complete,
    )


def make_proposal(referral: Any, *, step: str = "step2", intervention: str = "ba", proposed_by: Any = None) -> Any:
    """A care-path proposal awaiting senior review (after an assessment, made if missing)."""
    from stepcare.assessment import services

    assessment = referral.assessments.order_by("-id").first() or make_assessment(referral)
    return services.step_decision_propose(
        actor=proposed_by or assessment.practitioner, assessment=assessment, step=step, intervention=intervention,
        rationale="Moderate depression, wants to get going again.", client_choice="Individual sessions by phone.",
        client_agrees=True,
    )


def make_agreed_care_path(referral: Any, *, reviewer: Any, approve: bool = True, **proposal: Any) -> Any:
    """An assessment, a proposal and a senior clinician's decision on it."""
    from stepcare.assessment import services

    decision = make_proposal(referral, **proposal)
    return services.step_decision_review(
        actor=reviewer, decision=decision, approve=approve,
        step="" if approve else "step3", reason="" if approve else "Needs high-intensity CBT.",
    )


def totp_code(secret: str) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))
