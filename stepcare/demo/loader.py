"""The demo service: two teams, six PWPs, two supervisors, a manager and an admin."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from stepcare.clients.models import Referral, ReferralStatus
from stepcare.demo.synthetic import generate_service

DEMO_PASSWORD = "demo-stepcare-2026"  # noqa: S105 - demo only, printed at start
DEMO_DOMAIN = "demo.stepcare.example"
DEMO_CLIENTS = 60
OPEN_ALERTS = 3


def load_demo() -> None:
    result = generate_service(
        clients=DEMO_CLIENTS,
        seed=2026,
        as_of=timezone.localdate(),
        team_count=2,
        pwps_per_team=3,
        password=DEMO_PASSWORD,
        email_domain=DEMO_DOMAIN,
    )
    _recent_risk_answers(result.pwps[:OPEN_ALERTS])


def _recent_risk_answers(pwps: list[Any]) -> None:
    """A PHQ-9 from the last days with item 9 above 0 for one client of each of the first
    team's PWPs, entered through the same service a PWP uses, so the alerts are open on
    the demo's screens."""
    from stepcare.measures.services import measure_response_record

    referrals = [
        referral
        for pwp in pwps
        if (
            referral := Referral.objects.filter(allocated_pwp=pwp, status=ReferralStatus.IN_TREATMENT)
            .select_related("allocated_pwp", "client")
            .order_by("id")
            .first()
        )
    ]
    answers: dict[str, int | None] = {"q1": 2, "q2": 2, "q3": 2, "q4": 3, "q5": 1, "q6": 2, "q7": 1, "q8": 1, "q9": 1, "q10": 1}
    for days_ago, referral in enumerate(referrals, start=1):
        measure_response_record(
            actor=referral.allocated_pwp,
            referral=referral,
            instrument_code="PHQ9",
            answers=answers,
            completed_at=timezone.now() - timedelta(days=days_ago),
            language="en",
        )


def logins_text() -> str:
    rows = [
        ("PWP (Tel Aviv–Yafo)", f"pwp1@{DEMO_DOMAIN}"),
        ("PWP (Haifa and the North)", f"pwp4@{DEMO_DOMAIN}"),
        ("Supervisor", f"supervisor1@{DEMO_DOMAIN}"),
        ("Service manager", f"manager@{DEMO_DOMAIN}"),
        ("Administrator", f"admin@{DEMO_DOMAIN}"),
    ]
    lines = ["Demo logins (password for all: " + DEMO_PASSWORD + "):"]
    lines += [f"  {role:<28} {email}" for role, email in rows]
    lines.append(f"  (also pwp2, pwp3, pwp5, pwp6 and supervisor2 @{DEMO_DOMAIN})")
    return "\n".join(lines) + "\n"
