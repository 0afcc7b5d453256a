"""Reads for the waiting list and the diary, scoped through the referral's selector."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from stepcare.accounts.models import User
from stepcare.appointments.models import Appointment
from stepcare.clients.models import (
    WAITING_FOR_ASSESSMENT,
    WAITING_FOR_TREATMENT,
    ContactAttempt,
    Referral,
    ReferralStatus,
)
from stepcare.clients.selectors import referrals_for_service_view
from stepcare.foundation.codes import ATTENDED_CODES, TREATMENT_APPOINTMENT_TYPES, AppointmentType

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class WaitingAnnotations(TypedDict):
    """What ``waiting_list_for`` adds to each referral."""

    first_treatment_at: datetime | None
    second_treatment_at: datetime | None
    assessment_at: datetime | None
    attempts: int


if TYPE_CHECKING:
    WaitingReferral = WithAnnotations[Referral, WaitingAnnotations]


def waiting_list_for(user: User, *, team_id: int | None = None, waiting_for: str = "") -> QuerySet[WaitingReferral]:
    """Referrals waiting for assessment, first treatment or (hidden wait) a second
    treatment contact. Clinicians see what they may see; managers see the whole
    service's list (no clinical notes are shown there)."""
    referrals = referrals_for_service_view(user)
    if team_id:
        referrals = referrals.filter(team_id=team_id)

    attended_treatment = Appointment.objects.filter(
        referral=OuterRef("pk"), kind__in=TREATMENT_APPOINTMENT_TYPES, attendance__in=ATTENDED_CODES
    ).order_by("starts_at")
    upcoming_assessment = Appointment.objects.filter(
        referral=OuterRef("pk"), kind=AppointmentType.ASSESSMENT, attendance=""
    ).order_by("starts_at")
    referrals = referrals.annotate(
        first_treatment_at=Subquery(attended_treatment.values("starts_at")[:1]),
        second_treatment_at=Subquery(attended_treatment.values("starts_at")[1:2]),
        assessment_at=Subquery(upcoming_assessment.values("starts_at")[:1]),
        attempts=Coalesce(
            Subquery(
                ContactAttempt.objects.filter(referral=OuterRef("pk"))
                .order_by()
                .values("referral")
                .annotate(n=Count("id"))
                .values("n")[:1]
            ),
            0,
        ),
    )
    # The status test comes first in each condition, so the appointment subqueries run only
    # for referrals in treatment (Q(a=, b=) would sort its terms and put a subquery first).
    in_treatment = Q(status=ReferralStatus.IN_TREATMENT)
    for_assessment = Q(status__in=WAITING_FOR_ASSESSMENT)
    for_first = Q(status__in=WAITING_FOR_TREATMENT) | (in_treatment & Q(first_treatment_at__isnull=True))
    for_second = in_treatment & Q(first_treatment_at__isnull=False) & Q(second_treatment_at__isnull=True)
    # All three together, simplified: a second attended contact implies a first, so "in
    # treatment without a first, or with a first and no second" is "in treatment without a second".
    waiting_any = Q(status__in=[*WAITING_FOR_ASSESSMENT, *WAITING_FOR_TREATMENT]) | (
        in_treatment & Q(second_treatment_at__isnull=True)
    )
    chosen = {"assessment": for_assessment, "treatment": for_first, "second": for_second}.get(waiting_for, waiting_any)
    return referrals.filter(chosen).select_related("client", "team", "allocated_pwp").order_by(
        "-priority", "received_on", "id"
    )
