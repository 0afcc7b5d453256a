from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "stepcare.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from stepcare.accounts import signals  # noqa: F401
