"""Views that belong to no domain: the health check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse

from stepcare.foundation.access import public_view


@public_view
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})
