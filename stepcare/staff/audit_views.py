from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.accounts.models import Role, User
from stepcare.foundation.access import staff_view
from stepcare.foundation.requests import int_param
from stepcare.staff.audit_selectors import audit_events_for


def _int_or_none(value: str | None) -> int | None:
    return int_param((value or "").strip().upper().removeprefix("C-"))


@staff_view(Role.SUPERVISOR, Role.ADMIN)
def audit_trail(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    client_id = _int_or_none(request.GET.get("client"))
    actor_id = _int_or_none(request.GET.get("user"))
    events = audit_events_for(user, client_id=client_id, actor_id=actor_id)
    page = Paginator(events, settings.PAGE_SIZE * 2).get_page(request.GET.get("page"))
    # An account outside any service or team has no colleagues to filter by.
    actors = User.objects.none() if user.service_id is None else User.objects.filter(service_id=user.service_id)
    actors = actors.order_by("full_name").only("id", "full_name")
    if user.role == Role.SUPERVISOR:
        actors = actors.none() if user.team_id is None else actors.filter(team_id=user.team_id)
    return render(
        request,
        "staff/audit_trail.html",
        {"page": page, "client_filter": request.GET.get("client", ""), "actor_id": actor_id, "actors": actors},
    )
