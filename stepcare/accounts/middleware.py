"""Staff must set up a second factor before they see anything when 2FA is required."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

# Pages a signed-in user without TOTP may still reach: setting it up, signing out, static files.
ALLOWED_PREFIXES = ("/accounts/2fa/", "/accounts/reauthenticate/", "/accounts/logout/", "/static/", "/i18n/", "/healthz")


class RequireTwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_2FA
            and user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not _has_totp(request, user)
        ):
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def _has_totp(request: HttpRequest, user: object) -> bool:
    # Cached on the session once true, so this costs one query per session, not per page.
    if request.session.get("stepcare_has_totp"):
        return True
    has = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if has:
        request.session["stepcare_has_totp"] = True
    return has
