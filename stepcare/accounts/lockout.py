"""django-axes hooks: which account a login attempt is for, and the lockout page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    # allauth passes the address as "email"; the form field is "login".
    value = (credentials or {}).get("email") or (credentials or {}).get("login")
    if not value and request is not None:
        value = request.POST.get("login")
    return value.strip().lower() if isinstance(value, str) else None


def lockout_response(request: HttpRequest, credentials: dict[str, Any] | None = None, *args: Any, **kwargs: Any) -> HttpResponse:
    retry_at = timezone.localtime(timezone.now() + settings.AXES_COOLOFF_TIME)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "accounts/locked_out.html", {"retry_at": retry_at, "minutes": minutes}, status=429
    )
