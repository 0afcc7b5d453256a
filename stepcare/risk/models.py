"""Risk alerts: nothing about risk is ever silent (docs/clinical-definitions.md §2).

An alert is raised by any risk answer (a PHQ-9 item 9 above 0, a CORE-10 item 6
above 0, a high-risk assessment, a self-referral). It stays on the screens of
the team's duty supervisor and the referral's PWP until a clinician acknowledges
it and records what was done. It cannot be deleted or dismissed without that.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stepcare.clients.models import Client, Referral


class AlertSource(models.TextChoices):
    MEASURE = "measure", _("Questionnaire answer")
    ASSESSMENT = "assessment", _("Risk assessment")
    SELF_REFERRAL = "self_referral", _("Self-referral")
    SESSION = "session", _("Session")


class RiskAlert(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="risk_alerts")
    # Who sees the alert follows the referral (its team and its PWP now, not when it was
    # raised): reallocating a referral hands its open alerts to the new PWP at once.
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="risk_alerts")
    source = models.CharField(_("source"), max_length=20, choices=AlertSource.choices)
    summary = models.CharField(_("what was reported"), max_length=300)
    # What was reported as data, rendered in the reader's language: a reason code and its
    # figures (e.g. {"instrument": "PHQ9", "item": 9, "value": 2}). ``summary`` keeps the text
    # written when the alert was raised, for alerts older than these fields.
    reason = models.CharField(_("reason"), max_length=40, blank=True)
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    # The record the alert came from (a risk assessment's assessment id or a questionnaire
    # response id, by ``source``), so the alert can link to it.
    source_id = models.PositiveIntegerField(_("source record"), null=True, blank=True)
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action_taken = models.TextField(_("action taken"), blank=True)

    class Meta:
        verbose_name = _("risk alert")
        ordering = ["-raised_at"]
        indexes = [
            models.Index(fields=["acknowledged_at", "raised_at"], name="riskalert_open_idx"),
            models.Index(fields=["referral", "acknowledged_at"], name="riskalert_referral_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client} — {self.summary}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None

    @property
    def text(self) -> str:
        """What was reported, in the reader's language (the stored summary for older alerts)."""
        from stepcare.risk.reasons import alert_text

        return alert_text(self.reason, self.facts, self.summary) if self.reason else self.summary
