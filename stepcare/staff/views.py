"""The home page: each role's starting point, composed from every app."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.accounts.models import Role, Team, User
from stepcare.assessment.selectors import review_queue_for
from stepcare.audit.services import record_viewed
from stepcare.clients import selectors as client_selectors
from stepcare.clients.models import OPEN_STATUSES, ReferralStatus
from stepcare.foundation.access import staff_view

HOME_LIST_SIZE = 10


@staff_view()
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, object] = {"today": timezone.localdate()}
    # The user's service's staff and teams (none for an account outside any service).
    if user.service_id is None:
        staff, teams = User.objects.none(), Team.objects.none()
    else:
        staff = User.objects.filter(service_id=user.service_id)
        teams = Team.objects.filter(service_id=user.service_id)
    if user.is_clinician:
        visible = client_selectors.referrals_visible_to(user)
        context["counts"] = visible.aggregate(
            caseload=Count("id", filter=Q(allocated_pwp=user, status__in=OPEN_STATUSES)),
            unallocated=Count("id", filter=Q(team_id=user.team_id, allocated_pwp__isnull=True, status__in=OPEN_STATUSES)),
            team_open=Count("id", filter=Q(team_id=user.team_id, status__in=OPEN_STATUSES)),
        )
        caseload = list(client_selectors.caseload_for(user)[:HOME_LIST_SIZE])
        unallocated = list(client_selectors.unallocated_for(user)[:HOME_LIST_SIZE])
        context["caseload"], context["unallocated"] = caseload, unallocated
        record_viewed(actor=user, client_ids=[referral.client_id for referral in caseload + unallocated])
    if user.role == Role.SUPERVISOR:
        context["reviews_waiting"] = review_queue_for(user).count()
        context["team_pwps"] = (
            staff.filter(Q(team_id=user.team_id, role=Role.PWP) | Q(supervisors=user))
            .distinct()
            .annotate(open_cases=Count("referrals", filter=Q(referrals__status__in=OPEN_STATUSES)))
            .order_by("full_name")
        )
    if user.role == Role.MANAGER:
        # Aggregates only: managers see no clinical records.
        service_teams = list(teams.annotate(
            waiting=Count("referrals", filter=Q(referrals__status__in=[ReferralStatus.WAITING, ReferralStatus.ASSESSMENT_BOOKED])),
            open=Count("referrals", filter=Q(referrals__status__in=OPEN_STATUSES)),
            closed=Count("referrals", filter=Q(referrals__status=ReferralStatus.CLOSED)),
            oldest=Min("referrals__received_on", filter=Q(referrals__status=ReferralStatus.WAITING)),
        ).order_by("name"))
        context["teams"] = service_teams
        # Every referral belongs to one team of the service: the totals are the teams' sums
        # (one pass over the service's referrals instead of two).
        context["totals"] = {
            "open": sum(team.open for team in service_teams),
            "closed": sum(team.closed for team in service_teams),
        }
    if user.role == Role.ADMIN:
        context["staff_by_role"] = staff.filter(is_active=True).values("role").annotate(n=Count("id")).order_by("role")
        context["role_labels"] = dict(Role.choices)
    return render(request, "staff/home.html", context)
