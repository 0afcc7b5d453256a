"""Idle sessions expire without a session write on every request.

Django's ``SESSION_SAVE_EVERY_REQUEST`` rewrites the session row on every page to move its
expiry forward. ``SessionRefreshMiddleware`` does the same at most once a minute: a session
whose last save is more than ``REFRESH_AFTER_SECONDS`` old is marked changed, so
SessionMiddleware saves it (and its expiry moves to now + SESSION_COOKIE_AGE). An idle
session therefore still lapses SESSION_COOKIE_AGE after the last request, give or take
a minute, while most requests write nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Session key holding when the session was last saved (whole seconds since the epoch).
REFRESHED_KEY = "_stepcare_refreshed"
REFRESH_AFTER_SECONDS = 60


class SessionRefreshMiddleware:
    """Must come after SessionMiddleware in MIDDLEWARE, so its response phase runs first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # is_empty() is true for a session nobody loaded (no read, no write) and for one
        # flushed at logout: neither is refreshed, as SESSION_SAVE_EVERY_REQUEST did not either.
        if session is None or session.is_empty() or response.status_code >= 500:
            return response
        now = int(time.time())
        last = session.get(REFRESHED_KEY)
        if session.modified or not isinstance(last, int) or now - last > REFRESH_AFTER_SECONDS:
            session[REFRESHED_KEY] = now
        return response
