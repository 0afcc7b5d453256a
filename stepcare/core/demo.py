"""The demo service: two teams, six PWPs, two supervisors, a manager and an admin."""

from __future__ import annotations

from django.utils import timezone

from stepcare.core.synthetic import generate_service

DEMO_PASSWORD = "demo-stepcare-2026"  # noqa: S105 - demo only, printed at start
DEMO_DOMAIN = "demo.stepcare.example"
DEMO_CLIENTS = 60


def load_demo() -> None:
    generate_service(
        clients=DEMO_CLIENTS,
        seed=2026,
        as_of=timezone.localdate(),
        team_count=2,
        pwps_per_team=3,
        password=DEMO_PASSWORD,
        email_domain=DEMO_DOMAIN,
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
