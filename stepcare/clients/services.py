"""Writes to clients and to a referral's details; each records its audit event in the same
transaction. Status changes are the lifecycle's (stepcare/clients/lifecycle.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.models import Role, User
from stepcare.audit.services import audit_record
from stepcare.clients.identifiers import israeli_id_is_valid, nhs_number_is_valid
from stepcare.clients.models import Client, ContactAttempt, Referral

CLIENT_FIELDS = [
    "given_name", "family_name", "date_of_birth", "gender", "phone", "email", "address",
    "preferred_language", "interpreter_needed", "gp_name", "gp_practice", "nhs_number",
    "israeli_id", "health_fund", "emergency_contact_name", "emergency_contact_phone",
    "consent_sms", "consent_email",
]


def _require_clinician(actor: User) -> None:
    if not actor.is_clinician:
        raise PermissionDenied


def validate_client_identity(data: dict[str, Any]) -> None:
    """Checksums and dates; raises ValidationError with field messages."""
    errors: dict[str, str] = {}
    if data.get("israeli_id") and not israeli_id_is_valid(data["israeli_id"]):
        errors["israeli_id"] = _("This is not a valid Israeli ID number (the check digit does not match).")
    if data.get("nhs_number") and not nhs_number_is_valid(data["nhs_number"]):
        errors["nhs_number"] = _("This is not a valid NHS number (the check digit does not match).")
    dob = data.get("date_of_birth")
    if dob and dob > timezone.localdate():
        errors["date_of_birth"] = _("The date of birth cannot be in the future.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def client_create(*, actor: User, **fields: Any) -> Client:
    _require_clinician(actor)
    if actor.service_id is None:  # the client is created in the actor's service
        raise PermissionDenied
    unknown = set(fields) - set(CLIENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown client fields: {sorted(unknown)}")
    fields["israeli_id"] = (fields.get("israeli_id") or "").strip()
    fields["nhs_number"] = (fields.get("nhs_number") or "").replace(" ", "").replace("-", "")
    validate_client_identity(fields)
    client = Client(service_id=actor.service_id, **fields)
    client.full_clean()
    client.save()
    audit_record(actor=actor, action="create", obj=client, client_id=client.pk)
    return client


@transaction.atomic
def referral_allocate(*, actor: User, referral: Referral, pwp: User) -> Referral:
    """Allocate to a PWP of the referral's team (a PWP may take one themselves)."""
    _require_clinician(actor)
    if pwp.role != Role.PWP or pwp.team_id != referral.team_id or not pwp.is_active:
        raise ValidationError({"pwp": _("Choose an active PWP of this referral's team.")})
    if actor.role == Role.PWP and pwp != actor:
        raise PermissionDenied
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.can_allocate():
        raise ValidationError(_("This referral is closed."))
    referral.allocated_pwp = pwp
    referral.save(update_fields=["allocated_pwp"])
    audit_record(actor=actor, action="change", obj=referral, client_id=referral.client_id, detail={"fields": ["allocated_pwp"]})
    return referral


@transaction.atomic
def contact_attempt_record(
    *, actor: User, referral: Referral, method: str, outcome: str, at: datetime | None = None, note: str = ""
) -> ContactAttempt:
    _require_clinician(actor)
    at = at or timezone.now()
    if at > timezone.now():
        raise ValidationError({"at": _("A contact attempt cannot be in the future.")})
    attempt = ContactAttempt(referral=referral, method=method, outcome=outcome, at=at, note=note, by=actor)
    attempt.full_clean()
    attempt.save()
    audit_record(actor=actor, action="create", obj=attempt, client_id=referral.client_id)
    return attempt
