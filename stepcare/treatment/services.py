from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.models import Role, User
from stepcare.audit.services import audit_record
from stepcare.clients.models import Referral, ReferralStatus
from stepcare.core.codes import AppointmentType
from stepcare.treatment.models import Appointment


@transaction.atomic
def assessment_book(
    *, actor: User, referral: Referral, starts_at: datetime, duration_minutes: int = 45, mode: str = "01"
) -> Appointment:
    """Book the initial assessment with the allocated PWP; the referral shows as booked."""
    if actor.role not in (Role.PWP, Role.SUPERVISOR):
        raise PermissionDenied
    if referral.allocated_pwp is None:
        raise ValidationError(_("Allocate the referral to a PWP before booking the assessment."))
    if referral.status not in (ReferralStatus.WAITING, ReferralStatus.ASSESSMENT_BOOKED):
        raise ValidationError(_("Only referrals waiting for assessment can be booked."))
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    appointment = Appointment(
        referral=referral,
        practitioner=referral.allocated_pwp,
        kind=AppointmentType.ASSESSMENT,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
    )
    appointment.full_clean()
    appointment.save()
    referral.status = ReferralStatus.ASSESSMENT_BOOKED
    referral.save(update_fields=["status"])
    audit_record(actor=actor, action="create", obj=appointment, client_id=referral.client_id)
    return appointment


@transaction.atomic
def appointment_record_attendance(*, actor: User, appointment: Appointment, attendance: str) -> Appointment:
    if actor.role not in (Role.PWP, Role.SUPERVISOR):
        raise PermissionDenied
    appointment.attendance = attendance
    appointment.full_clean()
    appointment.save(update_fields=["attendance"])
    audit_record(
        actor=actor, action="change", obj=appointment, client_id=appointment.referral.client_id,
        detail={"fields": ["attendance"]},
    )
    return appointment
