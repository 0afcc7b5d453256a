from __future__ import annotations

import copy
from datetime import date
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Field
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.accounts.models import User
from stepcare.audit.services import record_viewed
from stepcare.clients import lifecycle, selectors, services
from stepcare.clients.forms import (
    ClientForm,
    ReferralForm,
)
from stepcare.clients.models import Client, Referral
from stepcare.foundation.access import staff_view
from stepcare.foundation.forms import add_service_errors
from stepcare.foundation.requests import int_param
from stepcare.foundation.roles import CLINICIANS
from stepcare.foundation.services import submission_earlier, submission_once


@staff_view(*CLINICIANS)
def client_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    query = request.GET.get("q", "")
    page = Paginator(selectors.client_search(user, query), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    record_viewed(actor=user, client_ids=[client.pk for client in page])
    return render(request, "clients/client_list.html", {"page": page, "query": query})


@staff_view(*CLINICIANS)
def referral_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Register a client and their referral, warning of likely duplicates first."""
    user = request.user
    client_form = ClientForm(request.POST or None, prefix="client", user=user)
    referral_form = ReferralForm(
        request.POST or None, prefix="referral", initial={"received_on": timezone.localdate()}
    )
    duplicates: list[tuple[Any, bool, str]] = []
    if request.method == "POST" and (earlier := submission_earlier(user=user, form=referral_form)):
        return redirect("staff:referral", earlier.pk)  # the same form again: already saved
    if request.method == "POST":
        existing_pk = int_param(request.POST.get("use_client"))
        if request.POST.get("use_client") and existing_pk is None:
            raise Http404("No such client")
        if existing_pk and referral_form.is_valid():
            # Add the referral to an existing client (linking instead of a duplicate record).
            client = selectors.client_for_new_referral(
                user,
                existing_pk,
                israeli_id=request.POST.get("client-israeli_id", "").strip(),
                nhs_number=request.POST.get("client-nhs_number", "").strip(),
            )
            referral = _create_referral(user, client, referral_form, token=True)
            if referral:
                messages.success(request, _("The referral was added to the existing client record."))
                return redirect("staff:referral", referral.pk)
        elif not client_form.is_valid() and client_form.duplicate_identifier():
            # Refused at the field; the client holding the number is offered below it too.
            duplicates = selectors.possible_duplicates(
                user,
                israeli_id=request.POST.get("client-israeli_id", ""),
                nhs_number=request.POST.get("client-nhs_number", ""),
            )
            referral_form.is_valid()  # its errors, if any, are shown at the same time
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
                def create() -> Referral:
                    client = services.client_create(actor=user, **data)
                    referral = _create_referral(user, client, referral_form, raise_errors=True)
                    assert referral is not None  # raise_errors: a refusal raises instead
                    return referral

                try:
                    # One client and referral per rendered form (a double click, a second tab).
                    referral, _created = submission_once(
                        user=user, token=referral_form.cleaned_data["submission_token"], create=create
                    )
                except ValidationError as exc:
                    # A referral date refused by the lifecycle is shown at the referral's field.
                    add_service_errors(referral_form if "received_on" in getattr(exc, "error_dict", {}) else client_form, exc)
                else:
                    messages.success(request, _("The referral was added to the waiting list."))
                    return redirect("staff:referral", referral.pk)
    return render(
        request,
        "clients/referral_new.html",
        {"client_form": client_form, "referral_form": referral_form, "duplicates": duplicates},
    )


def _create_referral(
    user: User, client: Any, form: ReferralForm, raise_errors: bool = False, token: bool = False
) -> Referral | None:
    data = form.cleaned_data

    def create() -> Referral:
        return lifecycle.referral_create(
            actor=user,
            client=client,
            source=data["source"],
            received_on=data["received_on"],
            reason=data["reason"],
            problem_areas=data["problem_areas"],
            priority=data["priority"],
        )

    try:
        if token:  # one referral per rendered form (a double click, a second tab)
            return submission_once(user=user, token=data["submission_token"], create=create)[0]
        return create()
    except ValidationError as exc:
        if raise_errors:
            raise
        add_service_errors(form, exc)
        return None




@staff_view(*CLINICIANS)
def client_edit(request: AuthenticatedHttpRequest, client_pk: int) -> HttpResponse:
    """Change a client's details, with the history of every change (who, what, when)."""
    user = request.user
    client = selectors.client_get(user, client_pk)
    record_viewed(actor=user, client_ids=[client.pk])
    # The form gets its own copy: a ModelForm writes what was typed onto its instance.
    form = ClientForm(request.POST or None, instance=copy.copy(client), user=user)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.client_update(actor=user, client=client, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The client's details were saved.") if changed else _("Nothing was changed."))
            return redirect("staff:client", client.pk)
    versions, more = selectors.client_history(client)
    return render(
        request,
        "clients/client_edit.html",
        {"client": client, "form": form, "versions": _shown_versions(versions), "more_history": more},
        status=400 if request.method == "POST" else 200,
    )


def _shown_versions(versions: list[selectors.ClientVersion]) -> list[dict[str, Any]]:
    return [
        {
            "version": version,
            "changes": [
                (_field(name).verbose_name, _shown(name, old), _shown(name, new))
                for name, old, new in version.changes
            ],
        }
        for version in versions
    ]


def _field(name: str) -> Field[Any, Any]:
    return cast("Field[Any, Any]", Client._meta.get_field(name))


def _shown(name: str, value: Any) -> str:
    """A stored value as a person reads it (choice labels, dates in the page's language)."""
    if value in ("", None):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    choices = dict(_field(name).flatchoices)
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, date):
        return date_format(value, "DATE_FORMAT")
    return str(value)
