from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.accounts.models import Role, User
from stepcare.foundation.access import staff_view
from stepcare.foundation.requests import int_param
from stepcare.staff.audit_selectors import audit_events_for

# Record types that are no model: the generator's batches.
OTHER_RECORD_TYPES = {"clients.syntheticbatch": _("generated data"), "measures.syntheticbatch": _("generated data")}


def record_type_label(object_type: str) -> str:
    """"clients.referral" as the record's name in the reader's language (the model's verbose name)."""
    if object_type in OTHER_RECORD_TYPES:
        return str(OTHER_RECORD_TYPES[object_type])
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def role_label(role: str) -> str:
    """The role recorded with an event ("pwp"), as the role's name in the reader's language."""
    return str(Role(role).label) if role in Role.values else role


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
    rows = [
        {"event": event, "role": role_label(event.actor_role), "record": record_type_label(event.object_type)}
        for event in page
    ]
    return render(
        request,
        "staff/audit_trail.html",
        {"page": page, "rows": rows, "client_filter": request.GET.get("client", ""), "actor_id": actor_id, "actors": actors},
    )
