"""Who may use which view.

Every view in stepcare is wrapped by ``staff_view`` or ``public_view``. The
wrapper enforces the rule and records it on the view, and the persona access
test (stepcare/staff/tests/test_access.py) refuses any URL whose view has no
rule, so a new view is covered the day it is added. Object-level scoping is
the selectors' job: they answer 404 for anything the user may not see.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

# Any view: a wrapped staff view may take its request as the accounts app's
# AuthenticatedHttpRequest (the wrapper checks the user first) and may stream (FileResponse).
View = Callable[..., HttpResponseBase]


@dataclass(frozen=True)
class AccessRule:
    public: bool
    roles: tuple[str, ...] = ()

    def allows(self, role: str) -> bool:
        return self.public or not self.roles or role in self.roles


def staff_view(*roles: str) -> Callable[[View], View]:
    """Signed-in staff only; with ``roles``, only those roles (others get 403)."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if roles and getattr(user, "role", None) not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.access_rule = AccessRule(public=False, roles=tuple(roles))  # type: ignore[attr-defined]
        return wrapper

    return decorator


def public_view(view: View) -> View:
    """Open to anyone, signed in or not (login pages, health check)."""
    view.access_rule = AccessRule(public=True)  # type: ignore[attr-defined]
    return view
