from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.accounts.models import Role
from stepcare.assessment import selectors, services
from stepcare.assessment.forms import AssessmentForm, ProposalForm, ReviewForm, RiskForm
from stepcare.assessment.models import Assessment, StepDecision
from stepcare.audit.services import record_viewed
from stepcare.clients import selectors as client_selectors
from stepcare.foundation.access import staff_view
from stepcare.foundation.forms import add_service_errors
from stepcare.foundation.roles import CLINICIANS
from stepcare.foundation.services import submission_once
from stepcare.measures.catalogue import assessment_measure_codes


@staff_view(*CLINICIANS)
def assessment_edit(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    """The structured assessment interview, with its risk assessment, on one page. A draft
    saves at any point; completing needs the risk level. Once the referral has moved past
    assessment (``can_be_assessed``) the page shows the assessment without saving."""
    user = request.user
    referral = client_selectors.referral_get(user, referral_pk)
    assessment = selectors.assessment_for(referral)
    risk = getattr(assessment, "risk", None) if assessment else None
    editable = referral.can_be_assessed()
    initial = {"assessed_on": timezone.localdate(), "problem_areas": referral.problem_areas}
    data = request.POST if request.method == "POST" and editable else None
    form = AssessmentForm(data, instance=assessment, initial=initial, prefix="a")
    risk_form = RiskForm(data, instance=risk, prefix="r")
    if request.method != "POST":
        record_viewed(actor=user, client_ids=[referral.client_id])
    elif editable and form.is_valid() & risk_form.is_valid():  # both: every error at once (a read-only page saves nothing)
        complete = "complete" in request.POST
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        risk_fields = {name: risk_form.cleaned_data[name] for name in risk_form.Meta.fields}
        try:
            # Each rendered form is saved once: a double click or a second tab cannot add a
            # second assessment for the referral.
            saved, _created = submission_once(
                user=user, token=form.cleaned_data["submission_token"],
                create=lambda: services.assessment_save(
                    actor=user, referral=referral, assessment=assessment, fields=fields,
                    risk_fields=risk_fields, complete=complete,
                ),
            )
        except ValidationError as exc:
            _service_errors(form, risk_form, exc)
        else:
            if saved.status == Assessment.Status.COMPLETE:
                messages.success(request, _("The assessment is complete.") if complete else _("The assessment was saved."))
            else:
                messages.success(request, _("The assessment was saved as a draft."))
            return redirect("staff:referral", referral.pk)
    descriptor = (form["descriptor"].value() or "") if form.is_bound else (assessment.descriptor if assessment else "")
    return render(
        request,
        "assessment/assessment_form.html",
        {
            "referral": referral,
            "client": referral.client,
            "assessment": assessment,
            "risk": risk,
            "editable": editable,
            "form": form,
            "risk_form": risk_form,
            "assessment_measures": assessment_measure_codes(descriptor),
        },
        status=400 if request.method == "POST" else 200,
    )


def _service_errors(form: AssessmentForm, risk_form: RiskForm, exc: ValidationError) -> None:
    """Each error at its field, in whichever of the two forms has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        target = risk_form if field in risk_form.fields else form
        target.add_error(field if field in target.fields else None, errors)


@staff_view(*CLINICIANS)
def proposal_new(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    user = request.user
    referral = client_selectors.referral_get(user, referral_pk)
    assessment = selectors.assessment_for(referral)
    if assessment is None or assessment.status != Assessment.Status.COMPLETE:
        messages.warning(request, _("Complete the assessment before proposing a care path."))
        return redirect("staff:referral", referral.pk)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.step_decision_propose(
                actor=user, assessment=assessment, step=data["proposed_step"],
                intervention=data["proposed_intervention"], rationale=data["rationale"],
                client_choice=data["client_choice"], client_agrees=data["client_agrees"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The proposal was sent for senior review."))
            return redirect("staff:referral", referral.pk)
    record_viewed(actor=user, client_ids=[referral.client_id])
    return render(
        request, "assessment/proposal_form.html",
        {"referral": referral, "client": referral.client, "assessment": assessment, "form": form},
    )


@staff_view(Role.SUPERVISOR)
def review_queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    page = Paginator(selectors.review_queue_for(user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    record_viewed(actor=user, client_ids=[decision.referral.client_id for decision in page])
    in_view = selectors.risk_in_view(decision.referral for decision in page)
    rows = [(decision, getattr(decision.assessment, "risk", None), in_view[decision.referral_id]) for decision in page]
    return render(request, "assessment/review_queue.html", {"page": page, "rows": rows})


@staff_view(*CLINICIANS)
def decision_detail(request: AuthenticatedHttpRequest, decision_pk: int) -> HttpResponse:
    """The proposal with its assessment; a supervisor reviews it here."""
    user = request.user
    decision = selectors.decision_get(user, decision_pk)
    can_review = (
        user.role == Role.SUPERVISOR
        and decision.status == StepDecision.Status.PROPOSED
        and decision.proposed_by_id != user.pk
    )
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and can_review and form.is_valid():
        data = form.cleaned_data
        try:
            services.step_decision_review(
                actor=user, decision=decision, approve=data["decision"] == "approve",
                step=data["decided_step"], intervention=data["decided_intervention"],
                reason=data["review_reason"], end_code=data["end_code"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your decision was recorded."))
            return redirect("assessment:review_queue")
    elif request.method == "POST" and not can_review:
        form.add_error(None, _("You cannot review this proposal."))
    if request.method == "GET":
        record_viewed(actor=user, client_ids=[decision.referral.client_id])
    assessment = decision.assessment
    in_view = selectors.risk_in_view([decision.referral])[decision.referral_id]
    return render(
        request,
        "assessment/decision_detail.html",
        {
            "decision": decision,
            "referral": decision.referral,
            "client": decision.referral.client,
            "assessment": assessment,
            "risk": getattr(assessment, "risk", None),
            "open_alerts": in_view.alerts,
            "latest_scores": in_view.scores,
            "form": form,
            "can_review": can_review,
            "own_proposal": decision.proposed_by_id == user.pk,
        },
        status=400 if request.method == "POST" else 200,
    )
