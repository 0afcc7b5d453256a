from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.audit.services import record_viewed
from stepcare.foundation.access import staff_view
from stepcare.foundation.roles import CLINICIANS
from stepcare.risk import selectors, services
from stepcare.risk.forms import AcknowledgeForm


@staff_view(*CLINICIANS)
def alert_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every open alert this clinician must act on, oldest first, then the recently closed."""
    user = request.user
    page = Paginator(selectors.open_alerts_for(user), settings.PAGE_SIZE).get_page(request.GET.get("page"))
    recent = list(
        selectors.alerts_visible_to(user).filter(acknowledged_at__isnull=False).select_related(
            "acknowledged_by"
        ).order_by("-acknowledged_at")[:10]
    )
    record_viewed(actor=user, client_ids=[alert.client_id for alert in [*page, *recent]])
    return render(request, "risk/alert_list.html", {"page": page, "recent": recent})


@staff_view(*CLINICIANS)
def alert_detail(request: AuthenticatedHttpRequest, alert_pk: int) -> HttpResponse:
    user = request.user
    alert = selectors.alert_get(user, alert_pk)
    if request.method == "GET":
        record_viewed(actor=user, client_ids=[alert.client_id])
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_alert_acknowledge(alert=alert, actor=user, action_taken=form.cleaned_data["action_taken"])
        except ValidationError as exc:
            form.add_error("action_taken" if hasattr(exc, "error_dict") else None, exc)
        else:
            messages.success(request, _("The alert was acknowledged and your action recorded."))
            return redirect("staff:home")
    return render(request, "risk/alert_detail.html", {"alert": alert, "form": form})
