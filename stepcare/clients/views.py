from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from stepcare.accounts.models import Role, User
from stepcare.clients import selectors, services
from stepcare.core.access import staff_view

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
    referrals = selectors.referrals_visible_to(user).filter(client=client).select_related("team", "allocated_pwp").order_by("-received_on")
    return render(request, "clients/client_detail.html", {"client": client, "referrals": referrals})
