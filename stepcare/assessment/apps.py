from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "stepcare.assessment"
    verbose_name = _("Assessment and care path")

    def ready(self) -> None:
        # Registers the wording of the risk alerts this app raises (stepcare.risk.reasons).
        from stepcare.assessment import services  # noqa: F401
