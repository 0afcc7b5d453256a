"""Writes for the assessment, its risk assessment and the care-path decision.

Each function is keyword-only, atomic, validates with full_clean and records its
audit events in the same transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.models import Role, User
from stepcare.assessment.models import (
    DEFAULT_END_CODE,
    DOMAINS,
    TREATMENT_STEPS,
    Assessment,
    RiskAssessment,
    RiskLevel,
    Step,
    StepDecision,
    SuicidalThoughts,
    completion_errors,
)
from stepcare.audit.services import audit_record
from stepcare.clients import lifecycle
from stepcare.clients.models import Referral
from stepcare.foundation.codes import ATTENDED_CODES, AppointmentType, Attendance
from stepcare.risk.models import AlertSource, RiskAlert
from stepcare.risk.reasons import alert_reason
from stepcare.risk.services import risk_alert_raise

ASSESSMENT_FIELDS = {
    "assessed_on", "trigger", "situation", "thoughts", "emotions", "physical_sensations", "behaviours",
    "onset_and_course", "impact", "problem_statement", "problem_areas", "descriptor", "alcohol_drugs",
    "alcohol_drugs_concern", "medication", "previous_help", "goals", "preferred_mode", "preferred_language",
    "practitioner_gender", "group_or_individual",
}
RISK_FIELDS = {
    "suicidal_thoughts", "plans", "intent", "means", "past_attempts", "self_harm", "harm_to_others",
    "harm_from_others", "self_neglect", "details", "protective_factors", "level", "low_level_reason", "safety_plan",
    "actions_taken",
}


def _require_clinician(actor: User) -> None:
    if not actor.is_clinician:
        raise PermissionDenied


@transaction.atomic
def assessment_save(
    *,
    actor: User,
    referral: Referral,
    assessment: Assessment | None,
    fields: dict[str, Any],
    risk_fields: dict[str, Any],
    complete: bool,
) -> Assessment:
    """Create or update the referral's assessment together with its risk assessment.

    A draft saves at any point, with or without the risk section; completing it needs what
    ``completion_errors`` lists (the risk level among them), and so does an assessment that
    is already complete. A "low" level with active thoughts, plans or intent needs a written
    reason (``RiskAssessment.low_level_needs_reason``). A high level, or active suicidal
    thoughts, plans or intent, raises a risk alert for the duty supervisor and the PWP
    (``RiskAssessment.needs_alert``; docs/clinical-definitions.md §2.3).
    """
    _require_clinician(actor)
    if not referral.can_be_assessed():
        raise ValidationError(_("This referral is not waiting for an assessment."))
    if set(fields) - ASSESSMENT_FIELDS or set(risk_fields) - RISK_FIELDS:
        raise TypeError("unknown assessment fields")
    if fields.get("assessed_on") and fields["assessed_on"] > timezone.localdate():
        raise ValidationError({"assessed_on": _("The assessment date cannot be in the future.")})

    created = assessment is None
    if assessment is None:
        assessment = Assessment(referral=referral, practitioner=actor)
    for name, value in fields.items():
        setattr(assessment, name, value)
    risk = getattr(assessment, "risk", None) if not created else None
    previous_level = risk.level if risk else None
    alerted_before = risk.needs_alert() if risk else False
    if risk is None and any(risk_fields.values()):
        risk = RiskAssessment(assessment=assessment)  # a draft's empty risk section stores nothing
    for name, value in risk_fields.items():
        if risk is not None:
            setattr(risk, name, value)

    if complete and assessment.status != Assessment.Status.COMPLETE:
        assessment.status = Assessment.Status.COMPLETE
        assessment.completed_at = timezone.now()
    if assessment.status == Assessment.Status.COMPLETE and (missing := completion_errors(assessment, risk)):
        raise ValidationError(missing)
    assessment.full_clean()
    assessment.save()
    audit_record(
        actor=actor, action="create" if created else "change", obj=assessment, client_id=referral.client_id,
        detail={"complete": assessment.status == Assessment.Status.COMPLETE},
    )
    if risk is not None:
        risk.assessment = assessment
        risk.full_clean()
        risk.save()
        audit_record(
            actor=actor, action="create" if previous_level is None else "change", obj=risk, client_id=referral.client_id
        )
        if risk.needs_alert() and not alerted_before:
            assessment_risk_alert_raise(risk=risk, actor=actor)
    if complete:
        _mark_assessment_attended(actor, referral, assessment.assessed_on)
    return assessment


def assessment_risk_alert_raise(*, risk: RiskAssessment, actor: User | None, at: datetime | None = None) -> RiskAlert:
    """The alert for a risk assessment that needs one (the rule: ``RiskAssessment.needs_alert``).
    The assessment form and the synthetic generator both raise it here."""
    if not risk.needs_alert():
        raise ValueError("this risk assessment needs no alert")
    return risk_alert_raise(
        referral=risk.assessment.referral,
        source=AlertSource.ASSESSMENT,
        reason=ASSESSMENT_RISK,
        facts={
            "level": risk.level,
            "suicidal_thoughts": risk.suicidal_thoughts,
            "domains": [name for name in DOMAINS if getattr(risk, name)],
        },
        source_id=risk.assessment_id,
        raised_by=actor,
        at=at,
    )


ASSESSMENT_RISK = "assessment_risk"


@alert_reason(ASSESSMENT_RISK)
def _assessment_risk_wording(facts: Mapping[str, Any]) -> str:
    """E.g. "Risk recorded at assessment (Low): active thoughts of ending life, plans"."""
    levels = dict(RiskLevel.choices)
    labels = {name: RiskAssessment.domain_label(name) for name in DOMAINS}
    found = [str(SuicidalThoughts.ACTIVE.label)] if facts.get("suicidal_thoughts") == SuicidalThoughts.ACTIVE else []
    found += [str(labels[name]) for name in facts["domains"] if name in labels]
    return _("Risk recorded at assessment (%(level)s): %(domains)s") % {
        "level": levels.get(facts["level"], _("level not recorded")),
        "domains": ", ".join(found) or _("see the risk assessment"),
    }


def _mark_assessment_attended(actor: User, referral: Referral, on: date) -> None:
    """A completed assessment means an assessment contact was attended on that day.

    The booking for that day is marked attended; if the assessment happened on another
    day than booked, the contact is recorded on the day it happened and any later
    booking, no longer needed, is cancelled by the service (attendance code 4).
    """
    from stepcare.appointments.models import Appointment

    bookings = list(
        Appointment.objects.filter(referral=referral, kind=AppointmentType.ASSESSMENT, attendance="").order_by("starts_at")
    )
    attended = [b for b in bookings if timezone.localdate(b.starts_at) == on]
    if Appointment.objects.filter(referral=referral, kind=AppointmentType.ASSESSMENT, attendance__in=ATTENDED_CODES).exists():
        attended = []  # already recorded (an assessment saved twice)
    elif attended:
        attended[0].attendance = Attendance.ATTENDED
        attended[0].save(update_fields=["attendance"])
        audit_record(actor=actor, action="change", obj=attended[0], client_id=referral.client_id, detail={"fields": ["attendance"]})
    else:
        when = timezone.now() if on == timezone.localdate() else timezone.make_aware(datetime.combine(on, time(12, 0)))
        contact = Appointment(
            referral=referral, practitioner=actor, kind=AppointmentType.ASSESSMENT, starts_at=when,
            attendance=Attendance.ATTENDED,
        )
        contact.full_clean()
        contact.save()
        audit_record(actor=actor, action="create", obj=contact, client_id=referral.client_id)
    for booking in bookings:
        if booking not in attended and timezone.localdate(booking.starts_at) > on:
            booking.attendance = Attendance.CANCELLED_BY_SERVICE
            booking.save(update_fields=["attendance"])
            audit_record(actor=actor, action="change", obj=booking, client_id=referral.client_id, detail={"fields": ["attendance"]})


@transaction.atomic
def step_decision_propose(
    *,
    actor: User,
    assessment: Assessment,
    step: str,
    intervention: str,
    rationale: str,
    client_choice: str,
    client_agrees: bool,
) -> StepDecision:
    """The PWP proposes a care path; it goes to the senior clinician's review queue."""
    _require_clinician(actor)
    referral = assessment.referral
    if assessment.status != Assessment.Status.COMPLETE or completion_errors(assessment, getattr(assessment, "risk", None)):
        raise ValidationError(_("Complete the assessment, with its risk level, before proposing a care path."))
    if referral.step_decisions.filter(status=StepDecision.Status.PROPOSED).exists():
        raise ValidationError(_("A proposal for this referral is already awaiting review."))
    # Locks the referral: a second, simultaneous submission waits here and is then refused
    # (and the database allows one pending proposal per referral whatever happens).
    lifecycle.referral_send_for_review(actor=actor, referral=referral)
    if step in TREATMENT_STEPS and not intervention:
        raise ValidationError({"proposed_intervention": _("Choose the intervention for this care path.")})
    decision = StepDecision(
        referral=referral,
        assessment=assessment,
        proposed_by=actor,
        proposed_at=timezone.now(),
        proposed_step=step,
        proposed_intervention=intervention if step in TREATMENT_STEPS else "",
        rationale=rationale,
        client_choice=client_choice,
        client_agrees=client_agrees,
    )
    decision.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError:
        raise ValidationError(_("A proposal for this referral is already awaiting review.")) from None
    audit_record(actor=actor, action="create", obj=decision, client_id=referral.client_id, detail={"step": step})
    return decision


@transaction.atomic
def step_decision_review(
    *,
    actor: User,
    decision: StepDecision,
    approve: bool,
    step: str = "",
    intervention: str = "",
    reason: str = "",
    end_code: str = "",
) -> StepDecision:
    """A senior clinician approves the proposal, or changes it with a reason.

    Approval moves the referral on: into treatment (step 2, group), or closed with its
    NHS Talking Therapies end code (step 3 and secondary care are referred on, signpost,
    not suitable) [docs/clinical-definitions.md §6.4].
    """
    if actor.role != Role.SUPERVISOR:
        raise PermissionDenied
    decision = StepDecision.objects.select_for_update().select_related("referral").get(pk=decision.pk)
    if decision.status == StepDecision.Status.WITHDRAWN:
        raise ValidationError(_("This proposal was withdrawn when the referral was closed."))
    if decision.status != StepDecision.Status.PROPOSED:
        raise ValidationError(_("This proposal has already been reviewed."))
    if not decision.referral.can_agree_treatment():
        raise ValidationError(
            _("This referral is no longer awaiting a care-path decision; it is now: %(status)s.")
            % {"status": decision.referral.get_status_display()}
        )
    if decision.proposed_by_id == actor.pk:
        raise ValidationError(_("You cannot review your own proposal: another senior clinician must."))
    if approve:
        step, intervention = decision.proposed_step, decision.proposed_intervention
    else:
        if not reason.strip():
            raise ValidationError({"review_reason": _("Give the reason for changing the care path.")})
        if step not in Step.values:
            raise ValidationError({"decided_step": _("Choose the care path.")})
        if step in TREATMENT_STEPS and not intervention:
            raise ValidationError({"decided_intervention": _("Choose the intervention for this care path.")})
    if step not in TREATMENT_STEPS:
        intervention = ""
        end_code = end_code or DEFAULT_END_CODE[Step(step)]

    decision.status = StepDecision.Status.APPROVED if approve else StepDecision.Status.CHANGED
    decision.reviewed_by = actor
    decision.reviewed_at = timezone.now()
    decision.decided_step = step
    decision.decided_intervention = intervention
    decision.review_reason = reason.strip()
    decision.end_code = end_code if step not in TREATMENT_STEPS else ""
    decision.full_clean()
    decision.save()
    audit_record(
        actor=actor, action="change", obj=decision, client_id=decision.referral.client_id,
        detail={"status": decision.status, "step": step},
    )
    referral = decision.referral
    if step in TREATMENT_STEPS:
        lifecycle.referral_agree_treatment(actor=actor, referral=referral)
    else:
        lifecycle.referral_close(actor=actor, referral=referral, end_code=decision.end_code)
    return decision


@transaction.atomic
def referral_close(*, actor: User, referral: Referral, end_code: str) -> Referral:
    """Close a referral (the lifecycle's close) and withdraw a care-path proposal still
    awaiting review, so no senior clinician is asked to decide on a closed referral."""
    _require_clinician(actor)
    lifecycle.referral_close(actor=actor, referral=referral, end_code=end_code)
    for decision in StepDecision.objects.select_for_update().filter(
        referral=referral, status=StepDecision.Status.PROPOSED
    ):
        decision.status = StepDecision.Status.WITHDRAWN
        decision.save(update_fields=["status"])
        audit_record(
            actor=actor, action="change", obj=decision, client_id=referral.client_id,
            detail={"status": decision.status},
        )
    return referral
