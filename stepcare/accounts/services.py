"""Writes to staff accounts. Each records an audit event in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

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
    service = Service(name=name, country=country)
    service.full_clean()
    service.save()
    audit_record(actor=None, action="create", obj=service)
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
