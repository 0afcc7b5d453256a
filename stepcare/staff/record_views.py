"""The client and referral record: pages that compose clients, appointments, assessment,
letters and measures, and the referral page's actions (allocate, book, contact, close)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.accounts.models import Role, User
from stepcare.appointments import services as appointment_services
from stepcare.assessment import selectors as assessment_selectors
from stepcare.assessment import services as assessment_services
from stepcare.audit.services import record_viewed
from stepcare.clients import selectors, services, waits
from stepcare.clients.forms import (
    AllocateForm,
    BookAssessmentForm,
    CloseReferralForm,
    ContactAttemptForm,
)
from stepcare.clients.models import Referral
from stepcare.foundation.access import staff_view
from stepcare.foundation.codes import EndCode
from stepcare.foundation.forms import add_service_errors
from stepcare.foundation.roles import CLINICIANS
from stepcare.foundation.services import submission_once
from stepcare.measures.selectors import assessment_measure_rows


@staff_view(*CLINICIANS)
def client_detail(request: AuthenticatedHttpRequest, client_pk: int) -> HttpResponse:
    user = request.user
    client = selectors.client_get(user, client_pk)
    record_viewed(actor=user, client_ids=[client.pk])
    referrals = (
        selectors.referrals_visible_to(user)
        .filter(client=client)
        .select_related("team", "allocated_pwp")
        .order_by("-received_on")
    )
    return render(request, "staff/client_detail.html", {"client": client, "referrals": referrals})




@staff_view(*CLINICIANS)
def referral_detail(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    user = request.user
    referral = selectors.referral_get(user, referral_pk)
    record_viewed(actor=user, client_ids=[referral.client_id])
    return render(request, "staff/referral_detail.html", _referral_context(user, referral))


def _referral_context(user: User, referral: Referral, **forms: Form) -> dict[str, Any]:
    today = timezone.localdate()
    context: dict[str, Any] = {
        "referral": referral,
        "client": referral.client,
        "days": waits.days_waited(referral.received_on, today),
        "appointments": referral.appointments.select_related("practitioner").order_by("starts_at"),
        "attempts": referral.contact_attempts.select_related("by")[:20],
        "allocate_form": forms.get("allocate_form")
        or AllocateForm(team_id=referral.team_id, initial={"pwp": referral.allocated_pwp_id}),
        "book_form": forms.get("book_form") or BookAssessmentForm(),
        "contact_form": forms.get("contact_form") or ContactAttemptForm(),
        "close_form": forms.get("close_form") or CloseReferralForm(initial={"end_code": _default_end_code(referral)}),
        "can_allocate": referral.can_allocate()
        and (user.role == Role.SUPERVISOR or (user.role == Role.PWP and referral.allocated_pwp_id is None)),
        "can_record_contact": referral.can_record_contact_attempt(),
    }
    context.update(assessment_selectors.referral_pathway_context(user, referral))
    assessment = context["assessment"]
    context["measure_rows"] = assessment_measure_rows(referral, assessment.descriptor if assessment else None)
    return context


def _default_end_code(referral: Referral) -> str:
    """Not assessed before an assessment; afterwards, the client declined what was offered."""
    if referral.assessments.filter(status="complete").exists():
        return EndCode.DECLINED
    return EndCode.NOT_ASSESSED


def _referral_action(request: AuthenticatedHttpRequest, referral_pk: int, form_name: str, form: Form, action: Any) -> HttpResponse:
    user = request.user
    referral = selectors.referral_get(user, referral_pk)
    if request.method != "POST":
        return redirect("staff:referral", referral.pk)
    if form.is_valid():
        try:
            message = action(user, referral, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("staff:referral", referral.pk)
    context = _referral_context(user, referral, **{form_name: form})
    return render(request, "staff/referral_detail.html", context, status=400)


@staff_view(*CLINICIANS)
def referral_allocate(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    user = request.user
    referral = selectors.referral_get(user, referral_pk)
    data = request.POST.copy()
    if user.role == Role.PWP:
        data["pwp"] = str(user.pk)  # a PWP can only take a referral themselves

    def allocate(actor: User, ref: Referral, cleaned: dict[str, Any]) -> str:
        services.referral_allocate(actor=actor, referral=ref, pwp=cleaned["pwp"])
        return _("Allocated to %(name)s.") % {"name": cleaned["pwp"].full_name}

    return _referral_action(request, referral_pk, "allocate_form", AllocateForm(data, team_id=referral.team_id), allocate)


@staff_view(*CLINICIANS)
def referral_book(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    def book(actor: User, ref: Referral, cleaned: dict[str, Any]) -> str:
        appointment_services.assessment_book(
            actor=actor, referral=ref, starts_at=cleaned["starts_at"],
            duration_minutes=cleaned["duration_minutes"], mode=cleaned["mode"],
        )
        return _("The assessment was booked.")

    return _referral_action(request, referral_pk, "book_form", BookAssessmentForm(request.POST), book)


@staff_view(*CLINICIANS)
def referral_contact(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    def record(actor: User, ref: Referral, cleaned: dict[str, Any]) -> str:
        if not ref.can_record_contact_attempt():
            raise ValidationError(
                _("Contact attempts are not recorded for this referral; it is now: %(status)s.")
                % {"status": ref.get_status_display()}
            )
        fields = {name: value for name, value in cleaned.items() if name != "submission_token"}
        # One attempt per rendered form: a double click or a resend is not a second attempt.
        submission_once(
            user=actor, token=cleaned["submission_token"],
            create=lambda: services.contact_attempt_record(actor=actor, referral=ref, **fields),
        )
        return _("The contact attempt was recorded.")

    return _referral_action(request, referral_pk, "contact_form", ContactAttemptForm(request.POST), record)


@staff_view(*CLINICIANS)
def referral_close(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    def close(actor: User, ref: Referral, cleaned: dict[str, Any]) -> str:
        assessment_services.referral_close(actor=actor, referral=ref, end_code=cleaned["end_code"])
        return _("The referral was closed.")

    return _referral_action(request, referral_pk, "close_form", CloseReferralForm(request.POST), close)
