from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
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
]


def stepcare(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    nav = []
    if user is not None and user.is_authenticated:
        for name, label, roles in NAVIGATION:
            if roles is None or user.role in roles:
                url = reverse(name)
                nav.append({"url": url, "label": label, "active": _is_active(request.path, url)})
    return {"DEMO_MODE": settings.DEMO_MODE, "nav_items": nav}


def _is_active(path: str, url: str) -> bool:
    return path == url if url == "/" else path.startswith(url)
