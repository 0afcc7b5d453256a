"""Stored questionnaire responses and the translations a service has loaded.

A response keeps the answers and the results the scoring engine computed from them
(``stepcare.measures.engine``); the total is never typed in (docs/clinical-definitions.md §1.1).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stepcare.clients.models import Client, Referral


class CompletedVia(models.TextChoices):
    SESSION = "session", _("Practitioner in session")
    PORTAL = "portal", _("Client in the portal")


class MeasureResponse(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="measure_responses")
    # Copied from the referral so a client's history is one indexed range scan.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="measure_responses")
    instrument = models.CharField(_("instrument"), max_length=20)
    instrument_version = models.CharField(_("instrument version"), max_length=20)
    language = models.CharField(_("language"), max_length=10, blank=True)
    answers = models.JSONField(_("answers"), default=dict)
    context = models.JSONField(_("scoring context"), default=dict, blank=True)
    results = models.JSONField(_("computed results"), default=dict)
    total = models.FloatField(_("total"))
    band_key = models.CharField(_("band"), max_length=40, blank=True)
    caseness = models.BooleanField(_("at caseness"), null=True, blank=True)
    has_risk = models.BooleanField(_("risk flagged"), default=False)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_via = models.CharField(_("completed"), max_length=10, choices=CompletedVia.choices)
    completed_at = models.DateTimeField(_("completed at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("measure response")
        ordering = ["completed_at", "id"]
        indexes = [
            models.Index(fields=["client", "instrument", "completed_at"], name="measure_client_instr_at_idx"),
            models.Index(fields=["referral", "instrument", "completed_at"], name="measure_referral_instr_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.completed_at:%Y-%m-%d}"

    @property
    def band_label(self) -> str:
        return self.results.get("band_label") or ""

    @property
    def risk_flags(self) -> list[dict]:
        return self.results.get("risk_flags", [])


class InstrumentTranslation(models.Model):
    """A validated translation a service holds, loaded with ``stepcare instruments
    load-translation``; the instrument is then offered in that language."""

    instrument = models.CharField(_("instrument"), max_length=20)
    version = models.CharField(_("instrument version"), max_length=20)
    language = models.CharField(_("language"), max_length=10)
    provenance = models.TextField(_("provenance"))
    licence = models.TextField(_("licence"))
    # The validated wording: {"stem": str, "items": {id: text}, "option_labels": {set: {score: label}}}
    wording = models.JSONField(_("wording"))
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    loaded_at = models.DateTimeField(_("loaded at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrument translation")
        ordering = ["instrument", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "version", "language"], name="translation_unique_per_version_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} v{self.version} ({self.language})"
