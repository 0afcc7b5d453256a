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


class OutgoingEmail(models.Model):
    """A message waiting for the worker. The task queue carries only this row's id, and the
    row is deleted once the message is sent, so a password-reset link lives in the database
    only until it has gone (stepcare/foundation/tasks.py)."""

    subject = models.CharField(max_length=998)
    body = models.TextField()
    html_body = models.TextField(blank=True)
    to = models.JSONField(default=list)
    from_email = models.CharField(max_length=254, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("outgoing e-mail")

    def __str__(self) -> str:
        return f"e-mail {self.pk}"
