from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from stepcare.accounts.models import Role, User
from stepcare.risk.models import RiskAlert


def alerts_visible_to(user: User) -> QuerySet[RiskAlert]:
    """PWPs see alerts for their clients and unallocated team referrals; supervisors
    (the duty clinicians) see every alert in their team and for PWPs they supervise."""
    alerts = RiskAlert.objects.select_related("client", "referral", "pwp")
    if not user.is_authenticated:
        return alerts.none()
    if user.role == Role.PWP:
        return alerts.filter(Q(pwp=user) | Q(team_id=user.team_id, pwp__isnull=True))
    if user.role == Role.SUPERVISOR:
        return alerts.filter(Q(team_id=user.team_id) | Q(pwp__in=user.supervisees.values("pk")))
    return alerts.none()


def open_alerts_for(user: User) -> QuerySet[RiskAlert]:
    return alerts_visible_to(user).filter(acknowledged_at__isnull=True).order_by("raised_at")


def alert_get(user: User, pk: int) -> RiskAlert:
    return get_object_or_404(alerts_visible_to(user), pk=pk)
