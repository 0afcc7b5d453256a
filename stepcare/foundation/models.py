from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """One row per submitted create form. A repeated submission of the same rendered form
    (a double click, a second tab, the browser's resend) carries the same token, finds this
    row and is answered with what the first one created: one record per submission."""

    token = models.UUIDField(_("token"), unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # What the first submission created, named without importing its app (the ground floor).
    object_model = models.CharField(_("model"), max_length=100)
    object_pk = models.CharField(_("object id"), max_length=40)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return f"{self.object_model} {self.object_pk}"
