from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.accounts.models import Role, Team
from stepcare.appointments.selectors import waiting_list_for
from stepcare.audit.services import record_viewed
from stepcare.clients import waits
from stepcare.clients.models import WAITING_FOR_ASSESSMENT, ReferralStatus
from stepcare.foundation.access import staff_view
from stepcare.foundation.requests import int_param
from stepcare.foundation.roles import CLINICIANS

if TYPE_CHECKING:
    from stepcare.appointments.selectors import WaitingReferral


@staff_view(*CLINICIANS, Role.MANAGER)
def waiting_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    teams = Team.objects.none() if user.service_id is None else Team.objects.filter(service_id=user.service_id)
    teams = teams.order_by("name")
    if user.role != Role.MANAGER:
        teams = teams.none() if user.team_id is None else teams.filter(pk=user.team_id)
    team_id = int_param(request.GET.get("team"))
    waiting_for = request.GET.get("waiting_for", "")
    referrals = waiting_list_for(user, team_id=team_id, waiting_for=waiting_for)
    # Page through the ids, then read the page's referrals with their annotations: sorting the
    # full rows made SQLite compute every waiting referral's appointment subqueries first.
    page = Paginator(referrals.values_list("pk", flat=True), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    referral: WaitingReferral
    for referral in referrals.filter(pk__in=list(page)):
        days = waits.days_waited(referral.received_on, today)
        first = referral.first_treatment_at
        gap = waits.second_contact_gap(timezone.localdate(first), today) if first else None
        rows.append(
            {
                "referral": referral,
                "days": days,
                "band": waits.wait_band(days),
                "waiting_for": _waiting_for_label(referral),
                "second_gap": gap,
                "second_gap_markers": waits.gap_markers(gap),
            }
        )
    record_viewed(actor=user, client_ids=[row["referral"].client_id for row in rows])
    return render(
        request,
        "appointments/waiting_list.html",
        {
            "page": page,
            "rows": rows,
            "teams": teams,
            "team_id": team_id,
            "waiting_for": waiting_for,
            "show_names_as_links": user.is_clinician,
            "six_weeks": waits.SIX_WEEKS_DAYS,
            "eighteen_weeks": waits.EIGHTEEN_WEEKS_DAYS,
        },
    )


def _waiting_for_label(referral: WaitingReferral) -> str:
    if referral.status in WAITING_FOR_ASSESSMENT:
        return _("Assessment")
    if referral.status == ReferralStatus.IN_TREATMENT and referral.first_treatment_at:
        return _("Second treatment contact")
    return _("First treatment")
