"""Keeps the current request's user and address where audit writes can find them."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
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
    """The client's address: REMOTE_ADDR, or behind a trusted proxy (``TRUSTED_PROXIES``) the
    nearest address in X-Forwarded-For that is not itself a trusted proxy. A header from an
    untrusted peer is ignored, so a client cannot choose the address it is recorded under.
    The audit trail and the sign-in lockout both use this."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = set(settings.TRUSTED_PROXIES)
    if remote not in trusted:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    for address in reversed(forwarded):  # the proxy appends: the right-most entries are ours
        if address and address not in trusted:
            return address if _is_ip(address) else remote
    return remote


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
