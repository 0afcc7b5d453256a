"""Writes to staff accounts. Each records an audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
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
    email: str | None = None,
) -> User:
    if email is not None and email.strip().lower() != user.email:
        user_email_change(actor=actor, user=user, email=email)  # same transaction
    previous_role = user.role
    changed = []
    for field, value in (("full_name", full_name), ("role", role), ("team", team), ("is_active", is_active)):
        if getattr(user, field) != value:
            setattr(user, field, value)
            changed.append(field)
    if actor.pk == user.pk and {"role", "team", "is_active"} & set(changed):
        # Access is granted by a second person: nobody widens (or hides) their own.
        raise ValidationError(
            {"role": _("You cannot change your own role, team or active status. Ask another administrator.")}
        )
    if team is not None:
        user.service_id = team.service_id
    _check_team(user)
    user.full_clean()
    user.save()
    wanted = {u.pk for u in supervisees} if role == Role.SUPERVISOR else set()
    if set(user.supervisees.values_list("pk", flat=True)) != wanted:
        user.supervisees.set(wanted)
        changed.append("supervisees")
    detail: dict[str, object] = {"fields": changed}
    if "role" in changed and role in CLINICIANS:
        # Clinical access is granted by name: who gave it, to whom, from which role.
        detail.update(granted_by=actor.full_name, granted_to=user.full_name, role_before=previous_role, role=role)
    audit_record(actor=actor, action="change", obj=user, detail=detail)
    return user


@transaction.atomic
def user_email_change(*, actor: User, user: User, email: str) -> User:
    """An administrator changes a staff member's sign-in e-mail (staff cannot: a reset link
    must only ever go to the address the service gave them)."""
    from allauth.account.models import EmailAddress

    if actor.pk == user.pk:
        raise ValidationError({"email": _("You cannot change your own e-mail. Ask another administrator.")})
    email = email.strip().lower()
    if User.objects.filter(email=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("A staff member with this e-mail already exists.")})
    if email == user.email:
        return user
    user.email = email
    user.full_clean()
    user.save(update_fields=["email"])
    # allauth keeps its own list of addresses (a reset may go to any of them): only this one.
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    audit_record(actor=actor, action="change", obj=user, detail={"fields": ["email"]})
    return user


@transaction.atomic
def account_unlock(*, actor: User, user: User) -> int:
    """Lift the sign-in lockouts on a staff member's account (every address); audited."""
    from axes.handlers.proxy import AxesProxyHandler

    removed = AxesProxyHandler.reset_attempts(username=user.email)
    audit_record(actor=actor, action="unlocked", obj=user, detail={"login": user.email, "attempts": removed})
    return removed


def account_locked_out(user: User) -> bool:
    """Is any address locked out of this account now?"""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(
        username=user.email, failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).exists()


def _check_team(user: User) -> None:
    if user.role in CLINICIANS and user.team is None:
        raise ValidationError({"team": _("PWPs and supervisors must belong to a team.")})
    if user.team is not None and user.team.service_id != user.service_id:
        raise ValidationError({"team": _("Choose a team of this staff member's service.")})
