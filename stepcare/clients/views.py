from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.models import Role, Team, User
from stepcare.clients import selectors, services, waits
from stepcare.clients.forms import (
    AllocateForm,
    BookAssessmentForm,
    ClientForm,
    CloseReferralForm,
    ContactAttemptForm,
    ReferralForm,
)
from stepcare.clients.models import Referral, ReferralStatus
from stepcare.core.access import staff_view
from stepcare.core.codes import EndCode
from stepcare.core.forms import add_service_errors
from stepcare.treatment import services as treatment_services

CLINICIANS = (Role.PWP, Role.SUPERVISOR)


@staff_view(*CLINICIANS)
def client_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    query = request.GET.get("q", "")
    page = Paginator(selectors.client_search(user, query), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "clients/client_list.html", {"page": page, "query": query})


@staff_view(*CLINICIANS)
def client_detail(request: HttpRequest, client_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    client = selectors.client_get(user, client_pk)
    services.client_record_viewed(actor=user, client=client)
    referrals = (
        selectors.referrals_visible_to(user)
        .filter(client=client)
        .select_related("team", "allocated_pwp")
        .order_by("-received_on")
    )
    return render(request, "clients/client_detail.html", {"client": client, "referrals": referrals})


@staff_view(*CLINICIANS)
def referral_new(request: HttpRequest) -> HttpResponse:
    """Register a client and their referral, warning of likely duplicates first."""
    user: User = request.user  # type: ignore[assignment]
    client_form = ClientForm(request.POST or None, prefix="client")
    referral_form = ReferralForm(
        request.POST or None, prefix="referral", initial={"received_on": timezone.localdate()}
    )
    duplicates: list[tuple[Any, bool, str]] = []
    if request.method == "POST":
        existing_pk = request.POST.get("use_client")
        if existing_pk and referral_form.is_valid():
            # Add the referral to an existing client (linking instead of a duplicate record).
            client = selectors.client_for_new_referral(
                user,
                int(existing_pk),
                israeli_id=request.POST.get("client-israeli_id", "").strip(),
                nhs_number=request.POST.get("client-nhs_number", "").strip(),
            )
            referral = _create_referral(user, client, referral_form)
            if referral:
                messages.success(request, _("The referral was added to the existing client record."))
                return redirect("clients:referral", referral.pk)
        elif client_form.is_valid() and referral_form.is_valid():
            data = client_form.cleaned_data
            duplicates = selectors.possible_duplicates(
                user,
                israeli_id=data.get("israeli_id", ""),
                nhs_number=data.get("nhs_number", ""),
                given_name=data["given_name"],
                family_name=data["family_name"],
                date_of_birth=data["date_of_birth"],
            )
            if not duplicates or request.POST.get("confirm_new") == "1":
                try:
                    with transaction.atomic():
                        client = services.client_create(actor=user, **data)
                        referral = _create_referral(user, client, referral_form, raise_errors=True)
                except ValidationError as exc:
                    add_service_errors(client_form, exc)
                else:
                    messages.success(request, _("The referral was added to the waiting list."))
                    return redirect("clients:referral", referral.pk)  # type: ignore[union-attr]
    return render(
        request,
        "clients/referral_new.html",
        {"client_form": client_form, "referral_form": referral_form, "duplicates": duplicates},
    )


def _create_referral(user: User, client: Any, form: ReferralForm, raise_errors: bool = False) -> Referral | None:
    data = form.cleaned_data
    try:
        return services.referral_create(
            actor=user,
            client=client,
            source=data["source"],
            received_on=data["received_on"],
            reason=data["reason"],
            problem_areas=data["problem_areas"],
            priority=data["priority"],
        )
    except ValidationError as exc:
        if raise_errors:
            raise
        add_service_errors(form, exc)
        return None


@staff_view(Role.PWP, Role.SUPERVISOR, Role.MANAGER)
def waiting_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    teams = Team.objects.order_by("name") if user.role == Role.MANAGER else Team.objects.filter(pk=user.team_id)
    team_id = request.GET.get("team")
    team_id_int = int(team_id) if team_id and team_id.isdigit() else None
    waiting_for = request.GET.get("waiting_for", "")
    referrals = selectors.waiting_list_for(user, team_id=team_id_int, waiting_for=waiting_for)
    page = Paginator(referrals, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for referral in page:
        days = waits.days_waited(referral.received_on, today)
        first = referral.first_treatment_at
        gap = waits.second_contact_gap(timezone.localdate(first), today) if first else None
        rows.append(
            {
                "referral": referral,
                "days": days,
                "band": waits.wait_band(days),
                "waiting_for": _waiting_for_label(referral),
                "second_gap": gap,
                "second_gap_markers": waits.gap_markers(gap),
            }
        )
    return render(
        request,
        "clients/waiting_list.html",
        {
            "page": page,
            "rows": rows,
            "teams": teams,
            "team_id": team_id_int,
            "waiting_for": waiting_for,
            "show_names_as_links": user.role in CLINICIANS,
            "six_weeks": waits.SIX_WEEKS_DAYS,
            "eighteen_weeks": waits.EIGHTEEN_WEEKS_DAYS,
        },
    )


def _waiting_for_label(referral: Referral) -> str:
    if referral.status in (ReferralStatus.WAITING, ReferralStatus.ASSESSMENT_BOOKED):
        return _("Assessment")
    if referral.status == ReferralStatus.IN_TREATMENT and referral.first_treatment_at:  # type: ignore[attr-defined]
        return _("Second treatment contact")
    return _("First treatment")


@staff_view(*CLINICIANS)
def referral_detail(request: HttpRequest, referral_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    referral = selectors.referral_get(user, referral_pk)
    services.client_record_viewed(actor=user, client=referral.client)
    return render(request, "clients/referral_detail.html", _referral_context(user, referral))


def _referral_context(user: User, referral: Referral, **forms: Form) -> dict[str, Any]:
    from stepcare.assessment import selectors as assessment_selectors

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
        "can_allocate": referral.is_open
        and (user.role == Role.SUPERVISOR or (user.role == Role.PWP and referral.allocated_pwp_id is None)),
    }
    context.update(assessment_selectors.referral_pathway_context(user, referral))
    context["measure_rows"] = _measure_rows(referral, context["assessment"])
    return context


def _measure_rows(referral: Referral, assessment: Any) -> list[dict[str, Any]]:
    """PHQ-9, GAD-7, WSAS and the descriptor's anxiety measure, with the latest score of each
    (CLINICAL.md §0: the anxiety-disorder-specific measure follows the problem descriptor)."""
    from stepcare.measures.engine import load_catalogue, suggested_anxiety_measure

    catalogue = load_catalogue()
    codes = ["PHQ9", "GAD7", "WSAS"]
    extra = suggested_anxiety_measure(assessment.descriptor if assessment else None)
    if extra not in codes:
        codes.append(extra)
    latest: dict[str, Any] = {}
    for response in referral.measure_responses.order_by("completed_at", "id"):
        latest[response.instrument] = response
    codes += [code for code in latest if code not in codes]
    return [{"code": c, "name": catalogue[c].name if c in catalogue else c, "latest": latest.get(c)} for c in codes]


def _default_end_code(referral: Referral) -> str:
    """Not assessed before an assessment; afterwards, the client declined what was offered."""
    if referral.assessments.filter(status="complete").exists():
        return EndCode.DECLINED
    return EndCode.NOT_ASSESSED


def _referral_action(request: HttpRequest, referral_pk: int, form_name: str, form: Form, action: Any) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    referral = selectors.referral_get(user, referral_pk)
    if request.method != "POST":
        return redirect("clients:referral", referral.pk)
    if form.is_valid():
        try:
            message = action(user, referral, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return redirect("clients:referral", referral.pk)
    context = _referral_context(user, referral, **{form_name: form})
    return render(request, "clients/referral_detail.html", context, status=400)


@staff_view(*CLINICIANS)
def referral_allocate(request: HttpRequest, referral_pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    referral = selectors.referral_get(user, referral_pk)
    data = request.POST.copy()
    if user.role == Role.PWP:
        data["pwp"] = str(user.pk)  # a PWP can only take a referral themselves

    def allocate(actor: User, ref: Referral, cleaned: dict[str, Any]) -> str:
        services.referral_allocate(actor=actor, referral=ref, pwp=cleaned["pwp"])
        return _("Allocated to %(name)s.") % {"name": cleaned["pwp"].full_name}

    return _referral_action(request, referral_pk, "allocate_form", AllocateForm(data, team_id=referral.team_id), allocate)


@staff_view(*CLINICIANS)
def referral_book(request: HttpRequest, referral_pk: int) -> HttpResponse:
    def book(actor: User, ref: Referral, cleaned: dict[str, Any]) -> str:
        treatment_services.assessment_book(
            actor=actor, referral=ref, starts_at=cleaned["starts_at"],
            duration_minutes=cleaned["duration_minutes"], mode=cleaned["mode"],
        )
        return _("The assessment was booked.")

    return _referral_action(request, referral_pk, "book_form", BookAssessmentForm(request.POST), book)


@staff_view(*CLINICIANS)
def referral_contact(request: HttpRequest, referral_pk: int) -> HttpResponse:
    def record(actor: User, ref: Referral, cleaned: dict[str, Any]) -> str:
        services.contact_attempt_record(actor=actor, referral=ref, **cleaned)
        return _("The contact attempt was recorded.")

    return _referral_action(request, referral_pk, "contact_form", ContactAttemptForm(request.POST), record)


@staff_view(*CLINICIANS)
def referral_close(request: HttpRequest, referral_pk: int) -> HttpResponse:
    def close(actor: User, ref: Referral, cleaned: dict[str, Any]) -> str:
        services.referral_close(actor=actor, referral=ref, end_code=cleaned["end_code"])
        return _("The referral was closed.")

    return _referral_action(request, referral_pk, "close_form", CloseReferralForm(request.POST), close)
