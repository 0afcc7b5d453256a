"""What a service's country sets: its default language and the crisis contacts shown to
clients (in letters). The one home for these defaults; ``service_crisis_contacts`` is the
one rule for which contacts a service shows."""

from __future__ import annotations

from django.utils.translation import gettext as _

from stepcare.accounts.models import Service

# The language a new service in the country starts in (staff can change it in the settings).
COUNTRY_LANGUAGE = {Service.Country.ENGLAND: "en", Service.Country.ISRAEL: "he"}


def country_language(country: str) -> str:
    return COUNTRY_LANGUAGE.get(country, "en")  # type: ignore[call-overload]


def country_crisis_contacts(country: str) -> list[tuple[str, str]]:
    """The country's national crisis lines as (label, number), labels in the active language.

    England: NHS England, "Where to get urgent help for mental health" (999; NHS 111,
    option 2 for mental health; Samaritans 116 123). Israel: ERAN 1201, Magen David Adom
    101, Police 100 (Ministry of Health, emergency numbers)."""
    if country == Service.Country.ENGLAND:
        return [
            (_("Emergency services, if your life or someone else's is in danger"), "999"),
            (_("NHS 111, option 2 (urgent mental-health help, day and night)"), "111"),
            (_("Samaritans, to talk any time"), "116 123"),
        ]
    return [
        (_("ERAN, emotional first aid, day and night"), "1201"),
        (_("Magen David Adom (ambulance)"), "101"),
        (_("Police"), "100"),
    ]


def service_crisis_contacts(service: Service) -> list[tuple[str, str]]:
    """The crisis contacts this service shows to clients: its own list when it set one,
    otherwise its country's."""
    own = [(str(c.get("label", "")), str(c.get("number", ""))) for c in service.crisis_contacts or []]
    own = [(label, number) for label, number in own if label and number]
    return own or country_crisis_contacts(service.country)
