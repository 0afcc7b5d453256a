"""Writes to the diary: booking and attendance, each audited in the same transaction."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.models import User
from stepcare.appointments.models import LATEST_BOOKING_AHEAD, Appointment
from stepcare.audit.services import audit_record
from stepcare.clients import lifecycle
from stepcare.clients.models import Referral
from stepcare.foundation.codes import AppointmentType


@transaction.atomic
def assessment_book(
    *, actor: User, referral: Referral, starts_at: datetime, duration_minutes: int = 45, mode: str = "01"
) -> Appointment:
    """Book the initial assessment with the allocated PWP; the referral shows as booked."""
    if not actor.is_clinician:
        raise PermissionDenied
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("Choose a time in the future.")})
    if starts_at > timezone.now() + LATEST_BOOKING_AHEAD:
        raise ValidationError({"starts_at": _("Choose a time within the next two years.")})
    lifecycle.referral_mark_assessment_booked(actor=actor, referral=referral)
    assert referral.allocated_pwp_id is not None  # the line above refuses an unallocated referral
    appointment = Appointment(
        referral=referral,
        practitioner_id=referral.allocated_pwp_id,
        kind=AppointmentType.ASSESSMENT,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
    )
    appointment.full_clean()
    appointment.save()
    audit_record(actor=actor, action="create", obj=appointment, client_id=referral.client_id)
    return appointment


@transaction.atomic
def appointment_record_attendance(*, actor: User, appointment: Appointment, attendance: str) -> Appointment:
    if not actor.is_clinician:
        raise PermissionDenied
    appointment.attendance = attendance
    appointment.full_clean()
    appointment.save(update_fields=["attendance"])
    audit_record(
        actor=actor, action="change", obj=appointment, client_id=appointment.referral.client_id,
        detail={"fields": ["attendance"]},
    )
    return appointment
