"""Reads of assessments and care-path decisions, scoped through the referral."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from stepcare.accounts.models import Role, User
from stepcare.assessment.models import Assessment, StepDecision
from stepcare.clients.models import Referral
from stepcare.clients.selectors import referrals_visible_to
from stepcare.measures.engine import load_catalogue
from stepcare.measures.selectors import series_for
from stepcare.risk.models import RiskAlert
from stepcare.risk.selectors import open_alerts_of


def assessment_for(referral: Referral) -> Assessment | None:
    """The referral's latest assessment (the caller already holds a scoped referral)."""
    return referral.assessments.select_related("risk", "practitioner").order_by("-assessed_on", "-id").first()


def decisions_visible_to(user: User) -> QuerySet[StepDecision]:
    return StepDecision.objects.filter(referral__in=referrals_visible_to(user)).select_related(
        "referral__client", "referral__team", "proposed_by", "reviewed_by", "assessment__risk"
    )


def decision_get(user: User, pk: int) -> StepDecision:
    return get_object_or_404(decisions_visible_to(user), pk=pk)


def review_queue_for(user: User) -> QuerySet[StepDecision]:
    """Proposals waiting for this senior clinician: their team's, oldest first."""
    if user.role != Role.SUPERVISOR:
        return StepDecision.objects.none()
    return decisions_visible_to(user).filter(status=StepDecision.Status.PROPOSED).order_by("proposed_at", "id")


def referral_pathway_context(user: User, referral: Referral) -> dict[str, Any]:
    """What the referral page shows of the assessment, decisions and letters."""
    assessment = assessment_for(referral)
    decisions = list(referral.step_decisions.select_related("proposed_by", "reviewed_by").order_by("-proposed_at"))
    return {
        "assessment": assessment,
        "risk": getattr(assessment, "risk", None) if assessment else None,
        "decisions": decisions,
        "pending_decision": next((d for d in decisions if d.status == StepDecision.Status.PROPOSED), None),
        "agreed_decision": next((d for d in decisions if d.status != StepDecision.Status.PROPOSED), None),
        "letters": referral.letters.select_related("created_by").order_by("-created_at"),
    }


@dataclass
class LatestScore:
    response_pk: int
    instrument: str
    name: str
    total: float
    band: str
    has_risk: bool
    at: datetime


@dataclass
class RiskInView:
    """What a senior clinician must see when deciding: the open alerts and the latest scores."""

    alerts: list[RiskAlert] = field(default_factory=list)
    scores: list[LatestScore] = field(default_factory=list)


def risk_in_view(referrals: Iterable[Referral]) -> dict[int, RiskInView]:
    """Per referral (already scoped by the caller): its open alerts and the latest score of
    each questionnaire given. Two queries whatever the number of referrals."""
    referrals = list(referrals)
    found = {referral.pk: RiskInView() for referral in referrals}
    for alert in open_alerts_of(found):
        found[alert.referral_id].alerts.append(alert)
    catalogue = load_catalogue()
    for series in series_for(referrals):
        point = series.latest
        instrument = catalogue[series.instrument] if series.instrument in catalogue else None
        band = next((gettext(b.label) for b in instrument.bands if b.key == point.band_key), "") if instrument else ""
        found[series.referral_id].scores.append(LatestScore(
            response_pk=point.pk, instrument=series.instrument, name=instrument.name if instrument else series.instrument,
            total=point.total, band=band, has_risk=point.has_risk, at=point.at,
        ))
    return found
