"""Writes to staff accounts. Each records an audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from stepcare.accounts.countries import country_crisis_contacts, country_language
from stepcare.accounts.models import Role, Service, Team, User
from stepcare.audit.services import audit_record
from stepcare.foundation.roles import CLINICIANS


@transaction.atomic
def service_get_or_create(*, name: str, country: str = Service.Country.ISRAEL) -> Service:
    service = Service.objects.order_by("id").first()
    if service is None:
        service = Service(name=name, country=country)
        service.full_clean()
        service.save()
        audit_record(actor=None, action="create", obj=service)
    return service


@transaction.atomic
def service_create(*, name: str, country: str = Service.Country.ISRAEL) -> Service:
    """A further service in the same installation (its data is never seen by another's staff)."""
    service = Service(name=name, country=country, default_language=country_language(country))
    service.full_clean()
    service.save()
    audit_record(actor=None, action="create", obj=service)
    return service


SERVICE_SETTINGS = ("name", "country", "address", "phone", "email", "default_language", "letter_signature")


@transaction.atomic
def service_update(
    *,
    actor: User,
    service: Service,
    name: str,
    country: str,
    address: str = "",
    phone: str = "",
    email: str = "",
    default_language: str,
    letter_signature: str = "",
    crisis_contacts: list[dict[str, str]],
) -> Service:
    """Change a service's settings (administrators). A new country brings its default
    language and crisis contacts, unless the service had chosen its own: contacts identical
    to a country's defaults are stored as "the country's defaults" (an empty list), so they
    follow the country; a language still at the old country's default follows it too."""
    if actor.role != Role.ADMIN or actor.service_id != service.pk:
        raise PermissionDenied
    old_country = service.country
    contacts = [
        {"label": c["label"].strip(), "number": " ".join(c["number"].split())}
        for c in crisis_contacts
        if c.get("label", "").strip() or c.get("number", "").strip()
    ]
    if country != old_country and default_language == country_language(old_country):
        default_language = country_language(country)
    pairs = [(c["label"], c["number"]) for c in contacts]
    if pairs in (country_crisis_contacts(old_country), country_crisis_contacts(country)):
        contacts = []
    values = {
        "name": name.strip(),
        "country": country,
        "address": address.strip(),
        "phone": phone.strip(),
        "email": email.strip(),
        "default_language": default_language,
        "letter_signature": letter_signature.strip(),
    }
    changed = [field for field in SERVICE_SETTINGS if getattr(service, field) != values[field]]
    for field, value in values.items():
        setattr(service, field, value)
    if service.crisis_contacts != contacts:
        service.crisis_contacts = contacts
        changed.append("crisis_contacts")
    service.full_clean()
    service.save()
    audit_record(actor=actor, action="change", obj=service, detail={"fields": changed})
    return service


@transaction.atomic
def team_create(*, actor: User | None, service: Service, name: str) -> Team:
    team = Team(service=service, name=name)
    team.full_clean()
    team.save()
    audit_record(actor=actor, action="create", obj=team, detail={"name": name})
    return team


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    email: str,
    full_name: str,
    role: str,
    team: Team | None,
    service: Service | None = None,
    password: str | None = None,
    supervisees: Iterable[User] = (),
) -> User:
    """Create a staff account in a service. Clinicians (PWPs, supervisors) belong to a team,
    whose service is theirs; managers and admins name the service."""
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}")
    service = team.service if team is not None else service
    if service is None:
        raise ValidationError({"service": _("Choose the service this staff member works in.")})
    user = User(email=email.strip().lower(), full_name=full_name.strip(), role=role, team=team, service=service)
    _check_team(user)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    if supervisees:
        user.supervisees.set(supervisees)
    audit_record(
        actor=actor,
        action="create",
        obj=user,
        detail={"role": role, "team": team.name if team else None},
    )
    return user


@transaction.atomic
def user_update(
    *,
    actor: User,
    user: User,
    full_name: str,
    role: str,
    team: Team | None,
    is_active: bool,
    supervisees: Iterable[User] = (),
) -> User:
    changed = []
    for field, value in (("full_name", full_name), ("role", role), ("team", team), ("is_active", is_active)):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if team is not None:
        user.service_id = team.service_id
    _check_team(user)
    user.full_clean()
    user.save()
    wanted = {u.pk for u in supervisees} if role == Role.SUPERVISOR else set()
    if set(user.supervisees.values_list("pk", flat=True)) != wanted:
        user.supervisees.set(wanted)
        changed.append("supervisees")
    audit_record(actor=actor, action="change", obj=user, detail={"fields": changed})
    return user


def _check_team(user: User) -> None:
    if user.role in CLINICIANS and user.team is None:
        raise ValidationError({"team": _("PWPs and supervisors must belong to a team.")})
    if user.team is not None and user.team.service_id != user.service_id:
        raise ValidationError({"team": _("Choose a team of this staff member's service.")})
