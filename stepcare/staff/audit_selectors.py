"""Reading the audit trail, scoped: administrators see their service's (it holds no
clinical content); supervisors see events about their team's clients and by their
team's staff."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from stepcare.accounts.models import Role, User
from stepcare.audit.models import AuditEvent
from stepcare.clients.models import Client
from stepcare.clients.selectors import clients_visible_to


def audit_events_for(user: User, *, client_id: int | None = None, actor_id: int | None = None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor")
    # A filter on a missing service or team (None) would match events with no actor, i.e.
    # every service's system events, so an account without one sees none.
    if user.role == Role.ADMIN and user.service_id is not None:
        events = events.filter(
            Q(actor__service_id=user.service_id)
            | Q(client_id__in=Client.objects.filter(service_id=user.service_id).values("pk"))
        )
    elif user.role == Role.SUPERVISOR and user.team_id is not None:
        events = events.filter(
            Q(client_id__in=clients_visible_to(user).values("pk")) | Q(actor__team_id=user.team_id)
        )
    else:
        return events.none()
    if client_id is not None:
        events = events.filter(client_id=client_id)
    if actor_id is not None:
        events = events.filter(actor_id=actor_id)
    return events.order_by("-id")
