"""Every read of client data, always scoped to the requesting user.

Role rules (DESIGN.md): a PWP sees clients on their own caseload and the
unallocated referrals of their team; a supervisor sees their team and the PWPs
they supervise; managers and administrators see no client records.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from stepcare.accounts.models import Role, User
from stepcare.clients.models import OPEN_STATUSES, Client, ContactAttempt, Referral, ReferralStatus
from stepcare.core.codes import ATTENDED_CODES


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    referrals = Referral.objects.all()
    if not user.is_authenticated or not user.is_active:
        return referrals.none()
    if user.role == Role.PWP:
        return referrals.filter(Q(allocated_pwp=user) | Q(team_id=user.team_id, allocated_pwp__isnull=True))
    if user.role == Role.SUPERVISOR:
        supervised = user.supervisees.values("pk")
        return referrals.filter(Q(team_id=user.team_id) | Q(allocated_pwp__in=supervised))
    return referrals.none()


def clients_visible_to(user: User) -> QuerySet[Client]:
    visible = referrals_visible_to(user).filter(client=OuterRef("pk"))
    return Client.objects.filter(Exists(visible))


def client_get(user: User, pk: int) -> Client:
    """The client, or 404 when this user may not see them."""
    return get_object_or_404(clients_visible_to(user), pk=pk)


def referral_get(user: User, pk: int) -> Referral:
    return get_object_or_404(referrals_visible_to(user).select_related("client", "team", "allocated_pwp"), pk=pk)


def caseload_for(user: User) -> QuerySet[Referral]:
    """Open referrals allocated to this PWP, oldest first."""
    return (
        referrals_visible_to(user)
        .filter(allocated_pwp=user, status__in=OPEN_STATUSES)
        .select_related("client")
        .order_by("received_on", "id")
    )


def unallocated_for(user: User) -> QuerySet[Referral]:
    """Open referrals of the user's team that no PWP holds yet."""
    return (
        referrals_visible_to(user)
        .filter(team_id=user.team_id, allocated_pwp__isnull=True, status__in=OPEN_STATUSES)
        .select_related("client")
        .order_by("received_on", "id")
    )


def client_search(user: User, query: str = "") -> QuerySet[Client]:
    clients = clients_visible_to(user)
    query = query.strip()
    if query:
        terms = Q()
        for word in query.split():
            terms &= Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(
                israeli_id=word
            ) | Q(nhs_number=word)
        clients = clients.filter(terms)
    return clients.order_by("family_name", "given_name", "id")


# --- Duplicates ----------------------------------------------------------------------


def possible_duplicates(user: User, *, israeli_id: str = "", nhs_number: str = "", given_name: str = "", family_name: str = "", date_of_birth: Any = None) -> list[tuple[Client, bool, str]]:
    """Clients in the service that are likely the same person.

    Returns (client, visible_to_user, reason). Clients the user may not see are
    reported so no duplicate record is made, but their details are not shown.
    """
    match = Q(pk__in=[])
    if israeli_id:
        match |= Q(israeli_id=israeli_id)
    if nhs_number:
        match |= Q(nhs_number=nhs_number)
    if given_name and family_name and date_of_birth:
        match |= Q(given_name__iexact=given_name.strip(), family_name__iexact=family_name.strip(), date_of_birth=date_of_birth)
    if user.team is None:
        return []
    candidates = list(Client.objects.filter(match, service_id=user.team.service_id).order_by("id")[:10])
    visible = set(clients_visible_to(user).filter(pk__in=[c.pk for c in candidates]).values_list("pk", flat=True))
    results = []
    for candidate in candidates:
        same_id = bool(israeli_id and candidate.israeli_id == israeli_id) or bool(nhs_number and candidate.nhs_number == nhs_number)
        results.append((candidate, candidate.pk in visible, "id" if same_id else "name_dob"))
    return results


def client_for_new_referral(user: User, pk: int, *, israeli_id: str = "", nhs_number: str = "") -> Client:
    """An existing client to add a referral to: one the user can see, or one whose
    identity number the user already holds (a re-referral from another team)."""
    identity = Q(pk__in=[])
    if israeli_id:
        identity |= Q(israeli_id=israeli_id)
    if nhs_number:
        identity |= Q(nhs_number=nhs_number)
    allowed = clients_visible_to(user) | Client.objects.filter(identity)
    return get_object_or_404(allowed.distinct(), pk=pk)


# --- Waiting list --------------------------------------------------------------------

WAITING_FOR_ASSESSMENT = [ReferralStatus.WAITING, ReferralStatus.ASSESSMENT_BOOKED]
WAITING_FOR_TREATMENT = [ReferralStatus.AWAITING_REVIEW, ReferralStatus.WAITING_TREATMENT]


def waiting_list_for(user: User, *, team_id: int | None = None, waiting_for: str = "") -> QuerySet[Referral]:
    """Referrals waiting for assessment, first treatment or (hidden wait) a second
    treatment contact. Clinicians see what they may see; managers see the whole
    service's list (no clinical notes are shown there)."""
    from stepcare.core.codes import TREATMENT_APPOINTMENT_TYPES, AppointmentType
    from stepcare.treatment.models import Appointment

    if user.role == Role.MANAGER:
        referrals = Referral.objects.all()
    else:
        referrals = referrals_visible_to(user)
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
    for_assessment = Q(status__in=WAITING_FOR_ASSESSMENT)
    for_first = Q(status__in=WAITING_FOR_TREATMENT) | Q(status=ReferralStatus.IN_TREATMENT, first_treatment_at__isnull=True)
    for_second = Q(status=ReferralStatus.IN_TREATMENT, first_treatment_at__isnull=False, second_treatment_at__isnull=True)
    chosen = {"assessment": for_assessment, "treatment": for_first, "second": for_second}.get(
        waiting_for, for_assessment | for_first | for_second
    )
    return referrals.filter(chosen).select_related("client", "team", "allocated_pwp").order_by(
        "-priority", "received_on", "id"
    )
