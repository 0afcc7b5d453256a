from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    name = "stepcare.measures"
    verbose_name = _("Measures")

    def ready(self) -> None:
        # Registers the wording of the risk alerts this app raises (stepcare.risk.reasons).
        from stepcare.measures import services  # noqa: F401
