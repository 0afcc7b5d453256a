from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo service and the synthetic-data generator (top floor: they drive every app's services)."""

    name = "stepcare.demo"
    verbose_name = _("Demo and generator")
