from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FoundationConfig(AppConfig):
    """The ground floor: access rules, form helpers, tasks, dataset codes, checks. Imports no app."""

    name = "stepcare.foundation"
    verbose_name = _("Foundation")
