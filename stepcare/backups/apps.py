from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """Encrypted online backups and restores of the whole service (top floor: it reads every
    table and checks the audit chain after a restore)."""

    name = "stepcare.backups"
    verbose_name = _("Backups")
