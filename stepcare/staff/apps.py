from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    """The staff user interface: pages that compose several apps (home, navigation,
    the client and referral record, the audit trail)."""

    name = "stepcare.staff"
    verbose_name = _("Staff pages")
