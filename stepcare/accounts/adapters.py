from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.http import HttpRequest

from stepcare.foundation.tasks import email_queue


class StaffAccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by an administrator, never by sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """No allauth limit on the password step: django-axes locks an account per address with
        a fixed cool-off, so nobody elsewhere can keep a clinician locked out. (allauth's
        ``login_failed`` limit still guards the second factor, which only the password opens.)"""

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        """A deactivated account gets the same answer as a wrong password: allauth would show
        an "account inactive" page, which tells whoever typed it that the password was right."""
        user = super().authenticate(request, **credentials)
        if user is not None and not user.is_active:
            return None
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render allauth's message (password reset and the like) and queue it for the worker."""
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        message = self.render_mail(
            template_prefix, email, {"request": request, "email": email, "current_site": get_current_site(request), **context}
        )
        html = next((content for content, mime in getattr(message, "alternatives", []) if mime == "text/html"), None)
        email_queue(
            subject=str(message.subject), body=str(message.body), to=list(message.to),
            from_email=message.from_email, html_body=html,
        )


class StaffMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # When the service requires a second factor, staff cannot switch it off.
        return not settings.REQUIRE_2FA
