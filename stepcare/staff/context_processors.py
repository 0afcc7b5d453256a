from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from stepcare.accounts.models import Role
from stepcare.foundation.roles import CLINICIANS

# (url name, label, roles that see it); one list so the menu and the rules agree.
NAVIGATION = [
    ("staff:home", _("Home"), None),
    ("appointments:waiting_list", _("Waiting list"), {*CLINICIANS, Role.MANAGER}),
    ("clients:list", _("Clients"), set(CLINICIANS)),
    ("measures:catalogue", _("Questionnaires"), None),
    ("assessment:review_queue", _("Reviews"), {Role.SUPERVISOR}),
    ("risk:alerts", _("Risk alerts"), set(CLINICIANS)),
    ("staff:audit_trail", _("Audit trail"), {Role.SUPERVISOR, Role.ADMIN}),
    ("accounts:staff_list", _("Staff"), {Role.ADMIN}),
    ("service_settings", _("Service settings"), {Role.ADMIN}),
]


def stepcare(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated:
        for name, label, roles in NAVIGATION:
            if roles is None or user.role in roles:
                url = _url(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
                nav.append({"url": url, "label": label, "active": _is_active(request.path, url)})
    return {"DEMO_MODE": settings.DEMO_MODE, "nav_items": nav}


@lru_cache(maxsize=64)
def _url(name: str, script_prefix: str, urlconf: str) -> str:
    """The menu's URLs are reversed once (per script prefix and URLconf), not on every page."""
    return reverse(name, urlconf=urlconf)


def _is_active(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)
