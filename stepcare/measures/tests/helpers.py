"""Helpers for measures tests (and the persona access test's OBJECT_KWARGS)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

PHQ9_MODERATE = {"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 1, "q9": 0}  # 11
GAD7_MILD = {"q1": 1, "q2": 1, "q3": 1, "q4": 1, "q5": 1, "q6": 1, "q7": 1}  # 7


def record(referral, code="PHQ9", answers=None, *, actor=None, days_ago=0, language="en"):
    from stepcare.measures.services import measure_response_record

    return measure_response_record(
        actor=actor if actor is not None else referral.allocated_pwp,
        referral=referral,
        instrument_code=code,
        answers=dict(answers if answers is not None else PHQ9_MODERATE),
        completed_at=timezone.now() - timedelta(days=days_ago),
        language=language,
    )


def foreign_measure_response(world, persona):
    """A stored response the persona must not see (on world.foreign_referral)."""
    referral = world.foreign_referral(persona)
    existing = referral.measure_responses.first()
    return existing or record(referral, actor=world.supervisor_a if referral.team == world.team_a else world.supervisor_b)
