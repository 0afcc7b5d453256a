from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TreatmentConfig(AppConfig):
    """Treatment delivery (plans, sessions, homework, groups, discharge) sits above assessment.
    Empty until the treatment work lands; it keeps the migration that handed its first model,
    the appointment, to the appointments app."""

    name = "stepcare.treatment"
    verbose_name = _("Treatment")
