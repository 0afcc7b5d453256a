"""Keeps the current request's user and address where audit writes can find them."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

current_request: ContextVar[HttpRequest | None] = ContextVar("stepcare_request", default=None)
# The view events a request has recorded so far (stepcare.audit.services.record_viewed), written
# in one append when the response is ready: one transaction per page, not one per fragment.
pending_views: ContextVar[list[Any] | None] = ContextVar("stepcare_pending_views", default=None)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from stepcare.audit.services import flush_views  # same app: services import this module

        token = current_request.set(request)
        views_token = pending_views.set([])
        try:
            response = self.get_response(request)
            # Before a byte is sent: if the view events cannot be written, the page is not shown.
            flush_views()
            return response
        finally:
            pending_views.reset(views_token)
            current_request.reset(token)


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR is the proxy in production; the README tells operators to set it
    # from X-Forwarded-For at the proxy (gunicorn --forwarded-allow-ips).
    return request.META.get("REMOTE_ADDR") or None
