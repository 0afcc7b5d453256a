"""Sign-in events go to the audit trail."""

from __future__ import annotations

from typing import Any

from allauth.mfa.signals import authentication_failed as mfa_authentication_failed
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from stepcare.audit.services import audit_record


@receiver(user_logged_in)
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="login", obj=user)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="logout", obj=user)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Record which address was tried, never the password.
    attempted = str(credentials.get("email") or credentials.get("username") or "")[:254]
    audit_record(actor=None, action="login_failed", object_type="accounts.user", detail={"login": attempted})


@receiver(mfa_authentication_failed)
def _mfa_failed(sender: Any, request: Any, user: Any, authenticator: Any = None, **kwargs: Any) -> None:
    # A wrong second-factor code: the account, never the code typed.
    audit_record(actor=None, action="mfa_failed", obj=user, detail={"login": user.email})


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any = None, username: str | None = None, ip_address: str | None = None, **kwargs: Any) -> None:
    # Sent when an account is locked for an address, and for each attempt refused meanwhile.
    audit_record(actor=None, action="locked_out", object_type="accounts.user", detail={"login": (username or "")[:254]})
