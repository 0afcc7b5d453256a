"""Appointments and contacts: the diary a referral's assessment and treatment contacts live in.

Below assessment and treatment (both book and record contacts); above clients and risk."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stepcare.clients.models import Referral
from stepcare.foundation.codes import (
    ATTENDED_CODES,
    AppointmentType,
    Attendance,
    ConsultationMechanism,
)

# Plausible range: an appointment more than two years ahead is a typing error ("2062" for "2026").
LATEST_BOOKING_AHEAD = timedelta(days=2 * 365)


class Appointment(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="appointments")
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("practitioner"), on_delete=models.PROTECT, related_name="appointments"
    )
    kind = models.CharField(_("type"), max_length=2, choices=AppointmentType.choices)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=45)
    mode = models.CharField(_("how"), max_length=2, choices=ConsultationMechanism.choices, default=ConsultationMechanism.FACE_TO_FACE)
    attendance = models.CharField(_("attendance"), max_length=1, choices=Attendance.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("appointment")
        ordering = ["starts_at"]
        indexes = [
            # kind and attendance ride along so the waiting list's "first/second attended
            # treatment contact" subqueries read the index alone (one per referral in treatment).
            models.Index(fields=["referral", "starts_at", "kind", "attendance"], name="appointment_referral_cover_idx"),
            models.Index(fields=["practitioner", "starts_at"], name="appointment_practitioner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def attended(self) -> bool:
        return self.attendance in ATTENDED_CODES
