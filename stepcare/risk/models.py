"""Risk alerts: nothing about risk is ever silent (DESIGN.md, Safety).

An alert is raised by any risk answer (a PHQ-9 item 9 above 0, a CORE-10 item 6
above 0, a high-risk assessment, a self-referral). It stays on the screens of
the team's duty supervisor and the client's PWP until a clinician acknowledges
it and records what was done. It cannot be deleted or dismissed without that.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from stepcare.accounts.models import Team
from stepcare.clients.models import Client, Referral


class AlertSource(models.TextChoices):
    MEASURE = "measure", _("Questionnaire answer")
    ASSESSMENT = "assessment", _("Risk assessment")
    SELF_REFERRAL = "self_referral", _("Self-referral")
    SESSION = "session", _("Session")


class RiskAlert(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="risk_alerts")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="risk_alerts")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="risk_alerts")
    pwp = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="risk_alerts"
    )
    source = models.CharField(_("source"), max_length=20, choices=AlertSource.choices)
    summary = models.CharField(_("what was reported"), max_length=300)
    raised_at = models.DateTimeField(_("raised"), auto_now_add=True)
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
            models.Index(fields=["team", "acknowledged_at"], name="riskalert_team_open_idx"),
            models.Index(fields=["pwp", "acknowledged_at"], name="riskalert_pwp_open_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client} — {self.summary}"

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None
