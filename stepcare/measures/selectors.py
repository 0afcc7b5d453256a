"""Every read of stored responses goes through the clients selectors, so a response is
visible exactly when its referral is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from stepcare.accounts.models import User
from stepcare.clients.models import Client, Referral
from stepcare.clients.selectors import referrals_visible_to
from stepcare.measures.catalogue import assessment_measure_codes
from stepcare.measures.engine import load_catalogue
from stepcare.measures.models import MeasureResponse


def responses_visible_to(user: User) -> QuerySet[MeasureResponse]:
    return MeasureResponse.objects.filter(referral__in=referrals_visible_to(user).values("pk"))


def response_get(user: User, pk: int) -> MeasureResponse:
    """The response, or 404 when its referral is not visible to this user."""
    return get_object_or_404(
        responses_visible_to(user).select_related("referral", "client", "completed_by"), pk=pk
    )


def client_referrals(user: User, client: Client) -> QuerySet[Referral]:
    return referrals_visible_to(user).filter(client=client).select_related("team").order_by("-received_on", "-id")


def referral_responses(referral: Referral, instrument: str) -> QuerySet[MeasureResponse]:
    """One referral's responses to one instrument, oldest first (the referral is already
    scoped by the caller's selector)."""
    return (
        MeasureResponse.objects.filter(referral=referral, instrument=instrument)
        .select_related("completed_by")
        .order_by("completed_at", "id")
    )


@dataclass
class Point:
    pk: int
    at: datetime
    total: float
    band_key: str
    caseness: bool | None
    has_risk: bool


@dataclass
class Series:
    """One instrument within one referral: every score, oldest first."""

    referral_id: int
    instrument: str
    points: list[Point] = field(default_factory=list)

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def latest(self) -> Point:
        return self.points[-1]


def series_for(referrals: Iterable[Referral]) -> list[Series]:
    """Score series per (referral, instrument) for the given (already scoped) referrals,
    in one query whatever the number of responses."""
    ids = [r.pk for r in referrals]
    rows = (
        MeasureResponse.objects.filter(referral_id__in=ids)
        .order_by("referral_id", "instrument", "completed_at", "id")
        .values_list("pk", "referral_id", "instrument", "completed_at", "total", "band_key", "caseness", "has_risk")
    )
    found: dict[tuple[int, str], Series] = {}
    for pk, referral_id, instrument, at, total, band_key, caseness, has_risk in rows:
        series = found.setdefault((referral_id, instrument), Series(referral_id, instrument))
        series.points.append(Point(pk, at, total, band_key, caseness, has_risk))
    return list(found.values())


def assessment_measure_rows(referral: Referral, descriptor: str | None) -> list[dict[str, Any]]:
    """The referral page's measure panel: the assessment's measure set, then anything else
    given, each with its latest score on this (already scoped) referral."""
    catalogue = load_catalogue()
    codes = assessment_measure_codes(descriptor)
    latest: dict[str, MeasureResponse] = {}
    for response in referral.measure_responses.order_by("completed_at", "id"):
        latest[response.instrument] = response
    codes += [code for code in latest if code not in codes]
    return [{"code": c, "name": catalogue[c].name if c in catalogue else c, "latest": latest.get(c)} for c in codes]
