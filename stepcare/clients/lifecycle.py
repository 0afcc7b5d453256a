"""The referral's lifecycle: every change of ``Referral.status`` is one of these functions.

Each locks the referral's row, asks the model's predicate (``Referral.can_*``) against the
status as it is now in the database, and refuses a stale transition with the reason, so two
people acting on one referral at once cannot leave it in a state neither intended. Each
records its audit event in the same transaction. Nothing else writes ``status``.

    waiting ──book──▶ booked ──propose──▶ review ──agree treatment──▶ waiting_treatment
       │                 │                   │
       └─────────────────┴──── close ────────┴──────────▶ closed (with an end code)
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.models import User
from stepcare.audit.services import audit_record
from stepcare.clients.models import Client, Referral, ReferralStatus
from stepcare.clients.services import check_received_on
from stepcare.foundation.codes import EndCode


def _locked(referral: Referral) -> Referral:
    """Re-read the referral under a row lock and refresh the caller's instance with it."""
    current = Referral.objects.select_for_update().get(pk=referral.pk)
    for field in ("status", "allocated_pwp_id", "end_code", "closed_on", "team_id"):
        setattr(referral, field, getattr(current, field))
    return referral


def _move(actor: User | None, referral: Referral, status: str, **detail: object) -> Referral:
    referral.status = status
    referral.save(update_fields=["status"])
    audit_record(
        actor=actor, action="change", obj=referral, client_id=referral.client_id, detail={"status": status, **detail}
    )
    return referral


@transaction.atomic
def referral_create(
    *,
    actor: User,
    client: Client,
    source: str,
    received_on: date,
    reason: str = "",
    problem_areas: list[str] | None = None,
    priority: str = "routine",
) -> Referral:
    """A referral enters its team's waiting list; its clock starts at ``received_on``."""
    if not actor.is_clinician or actor.team is None:
        raise PermissionDenied
    if client.service_id != actor.team.service_id:
        raise PermissionDenied
    check_received_on(received_on, date_of_birth=client.date_of_birth)
    referral = Referral(
        client=client,
        team=actor.team,
        source=source,
        received_on=received_on,
        reason=reason,
        problem_areas=list(problem_areas or []),
        priority=priority,
        status=ReferralStatus.WAITING,
    )
    referral.full_clean()
    referral.save()
    audit_record(actor=actor, action="create", obj=referral, client_id=client.pk)
    return referral


@transaction.atomic
def referral_mark_assessment_booked(*, actor: User, referral: Referral) -> Referral:
    """An assessment appointment was booked (called by the appointments app's booking)."""
    _locked(referral)
    if referral.allocated_pwp_id is None:
        raise ValidationError(_("Allocate the referral to a PWP before booking the assessment."))
    if not referral.can_book_assessment():
        raise ValidationError(
            _("Only referrals waiting for assessment can be booked; this one is now: %(status)s.")
            % {"status": referral.get_status_display()}
        )
    if referral.status == ReferralStatus.ASSESSMENT_BOOKED:
        return referral
    return _move(actor, referral, ReferralStatus.ASSESSMENT_BOOKED)


@transaction.atomic
def referral_send_for_review(*, actor: User, referral: Referral) -> Referral:
    """A care path was proposed after the assessment: it waits for a senior clinician."""
    _locked(referral)
    if not referral.can_send_for_review():
        raise ValidationError(
            _("A care path cannot be proposed for this referral; it is now: %(status)s.")
            % {"status": referral.get_status_display()}
        )
    return _move(actor, referral, ReferralStatus.AWAITING_REVIEW)


@transaction.atomic
def referral_agree_treatment(*, actor: User, referral: Referral) -> Referral:
    """A senior clinician agreed a care path in this service: the referral waits for treatment."""
    _locked(referral)
    if not referral.can_agree_treatment():
        raise ValidationError(
            _("This referral is no longer awaiting a care-path decision; it is now: %(status)s.")
            % {"status": referral.get_status_display()}
        )
    return _move(actor, referral, ReferralStatus.WAITING_TREATMENT)


@transaction.atomic
def referral_close(*, actor: User, referral: Referral, end_code: str, closed_on: date | None = None) -> Referral:
    """Close a referral with its NHS Talking Therapies end code (docs/clinical-definitions.md §5)."""
    if end_code not in EndCode.values:
        raise ValidationError({"end_code": _("Choose an end code.")})
    _locked(referral)
    if not referral.can_close():
        raise ValidationError(_("This referral is already closed."))
    referral.status = ReferralStatus.CLOSED
    referral.end_code = end_code
    referral.closed_on = closed_on or timezone.localdate()
    referral.full_clean()
    referral.save(update_fields=["status", "end_code", "closed_on"])
    audit_record(
        actor=actor, action="change", obj=referral, client_id=referral.client_id,
        detail={"status": ReferralStatus.CLOSED, "end_code": end_code},
    )
    return referral
