"""Writes to clients and to a referral's details; each records its audit event in the same
transaction. Status changes are the lifecycle's (stepcare/clients/lifecycle.py)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stepcare.accounts.models import Role, Service, User
from stepcare.audit.services import audit_record
from stepcare.clients import selectors
from stepcare.clients.identifiers import (
    ISRAELI_ID,
    NHS_NUMBER,
    client_reference,
    israeli_id_is_valid,
    nhs_number_is_valid,
    normalise_identifier,
)
from stepcare.clients.models import (
    CLIENT_DETAIL_FIELDS,
    EARLIEST_DATE_OF_BIRTH,
    EARLIEST_REFERRAL,
    Client,
    ContactAttempt,
    Referral,
)

CLIENT_FIELDS = CLIENT_DETAIL_FIELDS
IDENTIFIER_FIELDS = (NHS_NUMBER, ISRAELI_ID)
# (to a user who may see the client holding it, to anyone else): whole sentences, for translators.
DUPLICATE_MESSAGES = {
    NHS_NUMBER: (
        gettext_lazy("This NHS number is already registered in this service, for client %(reference)s."),
        gettext_lazy(
            "A client with this NHS number is already registered in this service, on a record you cannot see. "
            "Ask your supervisor, who can find the team that holds it."
        ),
    ),
    ISRAELI_ID: (
        gettext_lazy("This ID number is already registered in this service, for client %(reference)s."),
        gettext_lazy(
            "A client with this ID number is already registered in this service, on a record you cannot see. "
            "Ask your supervisor, who can find the team that holds it."
        ),
    ),
}


def _require_clinician(actor: User) -> None:
    if not actor.is_clinician:
        raise PermissionDenied


# --- Plausible dates: one function per rule; forms, services and the lifecycle call them ------


def check_date_of_birth(value: date | None) -> None:
    """A date of birth is on or after 1 January 1900 and not in the future."""
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError({"date_of_birth": _("The date of birth cannot be in the future.")})
    if value < EARLIEST_DATE_OF_BIRTH:
        raise ValidationError(
            {"date_of_birth": _("The date of birth cannot be before %(date)s. Check the year.")
             % {"date": date_format(EARLIEST_DATE_OF_BIRTH, "DATE_FORMAT")}}
        )


def check_received_on(value: date | None, *, date_of_birth: date | None = None) -> None:
    """A referral is received on or after 1 January 1990, not in the future, and not before
    the client was born (the waiting time is counted from this date)."""
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError({"received_on": _("The referral date cannot be in the future.")})
    if value < EARLIEST_REFERRAL:
        raise ValidationError(
            {"received_on": _("The referral date cannot be before %(date)s. Check the year.")
             % {"date": date_format(EARLIEST_REFERRAL, "DATE_FORMAT")}}
        )
    if date_of_birth is not None and value < date_of_birth:
        raise ValidationError({"received_on": _("The referral date cannot be before the client's date of birth.")})


# --- Identity ----------------------------------------------------------------------------


def normalise_identifiers(fields: dict[str, Any]) -> None:
    """Store identifiers as ``normalise_identifier`` makes them (in place)."""
    for name in IDENTIFIER_FIELDS:
        if name in fields:
            fields[name] = normalise_identifier(fields[name] or "", name)


def validate_client_identity(data: dict[str, Any]) -> None:
    """Check digits and the date of birth; raises ValidationError with field messages."""
    errors: dict[str, Any] = {}
    if data.get("israeli_id") and not israeli_id_is_valid(data["israeli_id"]):
        errors["israeli_id"] = _("This is not a valid Israeli ID number (the check digit does not match).")
    if data.get("nhs_number") and not nhs_number_is_valid(data["nhs_number"]):
        errors["nhs_number"] = _("This is not a valid NHS number (the check digit does not match).")
    try:
        check_date_of_birth(data.get("date_of_birth"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


def check_identifiers_free(*, actor: User, fields: dict[str, Any], client: Client | None = None) -> None:
    """One client per NHS number and per Israeli ID in a service (the database's constraints
    say the same). An identifier being given to ``client`` (None: a new client) that another
    client of the service holds is refused at its field with code ``duplicate`` and params
    ``client_pk`` and ``visible``: the existing client is named (by reference) only to a user
    who may see them; anyone else is told whom to ask."""
    if actor.service_id is None:
        return
    errors: dict[str, ValidationError] = {}
    for name in IDENTIFIER_FIELDS:
        value = fields.get(name) or ""
        if not value or (client is not None and getattr(client, name) == value):
            continue
        holder = selectors.client_holding_identifier(service_id=actor.service_id, field=name, value=value)
        if holder is None or (client is not None and holder == client.pk):
            continue
        visible = selectors.clients_visible_to(actor).filter(pk=holder).exists()
        seen, unseen = DUPLICATE_MESSAGES[name]
        message = str(seen) % {"reference": client_reference(holder)} if visible else str(unseen)
        errors[name] = ValidationError(message, code="duplicate", params={"client_pk": holder, "visible": visible})
    if errors:
        raise ValidationError(errors)


def _save_client(client: Client) -> None:
    """Save, turning a race past ``check_identifiers_free`` (the database's unique constraint)
    into the same refusal instead of an error page."""
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError as exc:
        raise ValidationError(
            _("Another client with this ID number was registered a moment ago. Search for them before saving.")
        ) from exc


@transaction.atomic
def client_create(*, actor: User, **fields: Any) -> Client:
    """Register a client in the actor's service. Their preferred language is the service's
    default language unless given."""
    _require_clinician(actor)
    if actor.service_id is None:  # the client is created in the actor's service
        raise PermissionDenied
    unknown = set(fields) - set(CLIENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown client fields: {sorted(unknown)}")
    normalise_identifiers(fields)
    if not fields.get("preferred_language"):
        fields["preferred_language"] = Service.objects.values_list("default_language", flat=True).get(pk=actor.service_id)
    validate_client_identity(fields)
    check_identifiers_free(actor=actor, fields=fields)
    client = Client(service_id=actor.service_id, **fields)
    client._history_user = actor  # type: ignore[attr-defined]  # simple-history's who, outside a request too
    client.full_clean()
    _save_client(client)
    audit_record(actor=actor, action="create", obj=client, client_id=client.pk)
    return client


@transaction.atomic
def client_update(*, actor: User, client: Client, **fields: Any) -> list[str]:
    """Change a client's details (a clinician who can see one of the client's referrals).

    Returns the names of the fields that changed; the audit event names them, never their
    values, and django-simple-history keeps each version (who, when, old and new values).
    Nothing changed, nothing saved.
    """
    _require_clinician(actor)
    if not selectors.clients_visible_to(actor).filter(pk=client.pk).exists():
        raise PermissionDenied
    unknown = set(fields) - set(CLIENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown client fields: {sorted(unknown)}")
    normalise_identifiers(fields)
    current = Client.objects.select_for_update().get(pk=client.pk)
    validate_client_identity(fields)
    changed = [name for name in CLIENT_FIELDS if name in fields and getattr(current, name) != fields[name]]
    if not changed:
        return []
    check_identifiers_free(actor=actor, fields={name: fields[name] for name in changed}, client=current)
    if not Client.history.filter(id=current.pk).exists():
        # Bulk-loaded or older records have no first version: keep the details as they were
        # (registered when the record was made, by someone not recorded), so the history
        # shows what this first change replaced.
        current._history_user = None  # type: ignore[attr-defined]
        Client.history.bulk_history_create([current], default_date=current.created_at)
    for name in changed:
        setattr(current, name, fields[name])
    current._history_user = actor  # type: ignore[attr-defined]
    current.full_clean()
    _save_client(current)
    audit_record(actor=actor, action="change", obj=current, client_id=current.pk, detail={"fields": changed})
    for name in changed:
        setattr(client, name, getattr(current, name))
    return changed


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
