from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from stepcare.accounts import services
from stepcare.accounts.countries import service_crisis_contacts
from stepcare.accounts.forms import ServiceSettingsForm, StaffForm
from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.accounts.models import Role, Service, User
from stepcare.foundation.access import staff_view
from stepcare.foundation.forms import add_service_errors


@staff_view(Role.ADMIN)
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    admin = request.user
    # An account outside any service (made by createsuperuser) has no staff to manage.
    users = User.objects.none() if admin.service_id is None else User.objects.filter(service_id=admin.service_id)
    users = users.select_related("team").order_by("full_name", "id")
    page = Paginator(users, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/staff_list.html", {"page": page})


@staff_view(Role.ADMIN)
def staff_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    admin = request.user
    form = StaffForm(request.POST or None, service_id=admin.service_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=admin,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                team=data["team"],
                service=admin.service,
                supervisees=data["supervisees"] if data["role"] == Role.SUPERVISOR else (),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s was added. They set their password with “Forgot your password?” on the sign-in page.")
                % {"name": user.full_name},
            )
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "editing": None})


@staff_view(Role.ADMIN)
def staff_edit(request: AuthenticatedHttpRequest, user_pk: int) -> HttpResponse:
    admin = request.user
    if admin.service_id is None:  # as in staff_list: no service, no staff to manage
        raise Http404
    user = get_object_or_404(User, pk=user_pk, service_id=admin.service_id)
    initial = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "team": user.team,
        "is_active": user.is_active,
        "supervisees": list(user.supervisees.all()),
    }
    form = StaffForm(request.POST or None, initial=initial, editing=user, service_id=admin.service_id, actor_id=admin.pk)
    if request.method == "POST" and "unlock" in request.POST:
        services.account_unlock(actor=admin, user=user)
        messages.success(request, _("%(name)s can sign in again.") % {"name": user.full_name})
        return redirect("accounts:staff_edit", user_pk=user.pk)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=admin,
                user=user,
                full_name=data["full_name"],
                role=data["role"],
                team=data["team"],
                is_active=data["is_active"],
                supervisees=data["supervisees"],
                email=data["email"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes to %(name)s were saved.") % {"name": user.full_name})
            return redirect("accounts:staff_list")
    return render(
        request, "accounts/staff_form.html",
        {"form": form, "editing": user, "locked_out": services.account_locked_out(user)},
    )


@staff_view(Role.ADMIN)
def service_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The administrator's own service: country, letterhead, default language, crisis contacts."""
    admin = request.user
    if admin.service_id is None:  # an account outside any service has no settings to change
        raise Http404
    service = get_object_or_404(Service, pk=admin.service_id)
    initial = {field: getattr(service, field) for field in services.SERVICE_SETTINGS}
    initial |= ServiceSettingsForm.contact_initial(service_crisis_contacts(service))
    form = ServiceSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.service_update(
                actor=admin,
                service=service,
                **{field: data[field] for field in services.SERVICE_SETTINGS},
                crisis_contacts=data["crisis_contacts"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The service's settings were saved."))
            return redirect("service_settings")
    context = {"form": form, "service": service, "uses_country_contacts": not service.crisis_contacts}
    return render(request, "accounts/service_settings.html", context)


@staff_view()
def email_change_refused(request: AuthenticatedHttpRequest) -> HttpResponse:
    """allauth's page for adding and changing one's own e-mail addresses is switched off: a
    password reset must only go to the address the service gave (administrators change it)."""
    raise Http404
