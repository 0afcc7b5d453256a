from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stepcare.accounts.models import Role, User
from stepcare.audit.selectors import audit_events_for
from stepcare.core.access import staff_view


def _int_or_none(value: str | None) -> int | None:
    value = (value or "").strip().upper().removeprefix("C-")
    return int(value) if value.isdigit() else None


@staff_view(Role.SUPERVISOR, Role.ADMIN)
def audit_trail(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    client_id = _int_or_none(request.GET.get("client"))
    actor_id = _int_or_none(request.GET.get("user"))
    events = audit_events_for(user, client_id=client_id, actor_id=actor_id)
    page = Paginator(events, settings.PAGE_SIZE * 2).get_page(request.GET.get("page"))
    actors = User.objects.order_by("full_name").only("id", "full_name")
    if user.role == Role.SUPERVISOR:
        actors = actors.filter(team_id=user.team_id)
    return render(
        request,
        "audit/trail.html",
        {"page": page, "client_filter": request.GET.get("client", ""), "actor_id": actor_id, "actors": actors},
    )
