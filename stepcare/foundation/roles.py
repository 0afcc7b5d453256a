"""Staff roles, and which of them are clinicians (one home for the rule)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PWP = "pwp", _("PWP")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Service manager")
    ADMIN = "admin", _("Administrator")


# PWPs and supervisors work with clinical records; managers see figures, admins accounts.
CLINICIANS: tuple[str, ...] = (Role.PWP, Role.SUPERVISOR)
