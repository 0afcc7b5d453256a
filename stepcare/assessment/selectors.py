"""Reads of assessments and care-path decisions, scoped through the referral."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from stepcare.accounts.models import Role, User
from stepcare.assessment.models import Assessment, StepDecision
from stepcare.clients.models import Referral
from stepcare.clients.selectors import referrals_visible_to


def assessment_for(referral: Referral) -> Assessment | None:
    """The referral's latest assessment (the caller already holds a scoped referral)."""
    return referral.assessments.select_related("risk", "practitioner").order_by("-assessed_on", "-id").first()


def decisions_visible_to(user: User) -> QuerySet[StepDecision]:
    return StepDecision.objects.filter(referral__in=referrals_visible_to(user)).select_related(
        "referral__client", "referral__team", "proposed_by", "reviewed_by", "assessment"
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
