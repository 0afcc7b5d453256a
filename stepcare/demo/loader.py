"""The demo: two services in one installation, each seeing only its own data.

An Israeli service (Hebrew by default; clients in Hebrew, Arabic and English with ID
numbers) and a service in England (English; NHS numbers). Each has two teams, six PWPs,
two supervisors, a manager and an administrator."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from stepcare.accounts.models import Service
from stepcare.accounts.services import service_update
from stepcare.clients.models import Referral, ReferralStatus
from stepcare.demo.synthetic import GeneratedService, generate_service

DEMO_PASSWORD = "demo-stepcare-2026"  # noqa: S105 - demo only, printed at start
DEMO_DOMAIN = "demo.stepcare.example"
ENGLAND_DOMAIN = "england.demo.stepcare.example"
DEMO_CLIENTS = 60
ENGLAND_CLIENTS = 40
OPEN_ALERTS = 3

# Letterheads: made-up addresses; the phone numbers are in ranges kept for drama and examples.
ISRAEL_SETTINGS = {
    "name": "stepcare demo wellbeing service",
    "address": "1 Weizmann Street\nTel Aviv–Yafo 6423901",
    "phone": "03-555-0100",
    "email": "pwp@demo.stepcare.example",
    "default_language": "he",
    "letter_signature": "Dr Rachel Mizrahi, clinical lead",
}
ENGLAND_SETTINGS = {
    "name": "Riverside NHS Talking Therapies (demo)",
    "address": "Riverside House, 2 Bridge Street\nRiverton RV1 2AB",
    "phone": "0117 496 0000",
    "email": "talkingtherapies@england.demo.stepcare.example",
    "default_language": "en",
    "letter_signature": "Dr Helen Carter, clinical lead",
}


def load_demo() -> None:
    israel = generate_service(
        clients=DEMO_CLIENTS,
        seed=2026,
        as_of=timezone.localdate(),
        team_count=2,
        pwps_per_team=3,
        password=DEMO_PASSWORD,
        email_domain=DEMO_DOMAIN,
    )
    _settings(israel, Service.Country.ISRAEL, ISRAEL_SETTINGS)
    _recent_risk_answers(israel.pwps[:OPEN_ALERTS])
    england = generate_service(
        clients=ENGLAND_CLIENTS,
        seed=2027,
        as_of=timezone.localdate(),
        team_count=2,
        pwps_per_team=3,
        password=DEMO_PASSWORD,
        email_domain=ENGLAND_DOMAIN,
        country=Service.Country.ENGLAND,
        service_name=ENGLAND_SETTINGS["name"],
    )
    _settings(england, Service.Country.ENGLAND, ENGLAND_SETTINGS)
    _recent_risk_answers(england.pwps[:2])


def _settings(result: GeneratedService, country: str, values: dict[str, str]) -> None:
    """The letterhead, entered by the service's administrator on the settings page."""
    service_update(actor=result.admins[0], service=result.service, country=country, crisis_contacts=[], **values)


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
    services = [
        (
            "Israel — " + ISRAEL_SETTINGS["name"] + " (Hebrew, Arabic, English; ID numbers)",
            DEMO_DOMAIN,
            ("Tel Aviv–Yafo", "Haifa and the North"),
        ),
        (
            "England — " + ENGLAND_SETTINGS["name"] + " (English; NHS numbers)",
            ENGLAND_DOMAIN,
            ("Riverside North", "Riverside South"),
        ),
    ]
    lines = ["Demo logins (password for all: " + DEMO_PASSWORD + "):"]
    for title, domain, (team1, team2) in services:
        rows = [
            (f"PWP ({team1})", f"pwp1@{domain}"),
            (f"PWP ({team2})", f"pwp4@{domain}"),
            ("Supervisor", f"supervisor1@{domain}"),
            ("Service manager", f"manager@{domain}"),
            ("Administrator", f"admin@{domain}"),
        ]
        lines += ["", title]
        lines += [f"  {role:<28} {email}" for role, email in rows]
        lines.append(f"  (also pwp2, pwp3, pwp5, pwp6 and supervisor2 @{domain})")
    return "\n".join(lines) + "\n"
