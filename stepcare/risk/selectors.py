"""Reads of risk alerts: an alert is visible exactly when its referral is."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from stepcare.accounts.models import User
from stepcare.clients.selectors import referrals_visible_to
from stepcare.risk.models import RiskAlert


def alerts_visible_to(user: User) -> QuerySet[RiskAlert]:
    """The referral's PWP and its team's supervisors (the duty clinicians), through the one
    scoping rule: after a reallocation the new PWP sees the alert and the former one does not."""
    # EXISTS per alert, not IN (the user's referrals): open alerts are few, a caseload is not,
    # so the banner on every page checks a few alerts instead of listing every visible referral.
    visible = referrals_visible_to(user).filter(pk=OuterRef("referral_id"))
    return RiskAlert.objects.filter(Exists(visible)).select_related("client", "referral__allocated_pwp")


def open_alerts_for(user: User) -> QuerySet[RiskAlert]:
    return alerts_visible_to(user).filter(acknowledged_at__isnull=True).order_by("raised_at", "id")


def alert_get(user: User, pk: int) -> RiskAlert:
    return get_object_or_404(alerts_visible_to(user), pk=pk)


def open_alerts_of(referral_ids: Iterable[int]) -> QuerySet[RiskAlert]:
    """The open alerts of referrals the caller already holds through a scoped selector."""
    return RiskAlert.objects.filter(referral_id__in=list(referral_ids), acknowledged_at__isnull=True).order_by(
        "raised_at", "id"
    )
