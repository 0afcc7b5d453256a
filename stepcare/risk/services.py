from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.models import User
from stepcare.audit.services import audit_record
from stepcare.clients.models import Referral
from stepcare.risk.models import RiskAlert
from stepcare.risk.reasons import alert_summary


@transaction.atomic
def risk_alert_raise(
    *,
    referral: Referral,
    source: str,
    raised_by: User | None,
    reason: str = "",
    facts: dict[str, Any] | None = None,
    source_id: int | None = None,
    summary: str = "",
    at: datetime | None = None,
) -> RiskAlert:
    """Raise an alert for the referral's team (duty supervisor) and its PWP.

    Called by every place a risk answer can be entered; it never fails silently. ``reason``
    and ``facts`` say what was reported, worded in each reader's language (``risk.reasons``);
    ``source_id`` is the record it came from, so the alert links to it. ``summary`` (English)
    is written from them unless given. ``at`` is when the risk was reported, for answers
    entered later (the generator's history).
    """
    facts = facts or {}
    summary = summary or alert_summary(reason, facts)
    if not summary:
        raise ValueError(f"no wording for alert reason {reason!r}")
    alert = RiskAlert(
        client_id=referral.client_id,
        referral=referral,
        source=source,
        reason=reason,
        facts=facts,
        source_id=source_id,
        # Our own text, never typed input: a longer one ends with an ellipsis, not silently.
        summary=summary if len(summary) <= 300 else summary[:299] + "…",
        raised_by=raised_by if raised_by is not None and raised_by.is_authenticated else None,
        raised_at=at or timezone.now(),
    )
    alert.full_clean()
    alert.save()
    audit_record(actor=raised_by, action="create", obj=alert, client_id=referral.client_id, detail={"source": source})
    return alert


@transaction.atomic
def risk_alert_acknowledge(
    *, alert: RiskAlert, actor: User, action_taken: str, at: datetime | None = None
) -> RiskAlert:
    """A clinician records what was done; only then does the alert leave the screens."""
    if not actor.is_clinician:
        raise PermissionDenied
    alert = RiskAlert.objects.select_for_update().get(pk=alert.pk)
    if not alert.is_open:
        raise ValidationError(_("This alert was already acknowledged."))
    if not action_taken.strip():
        raise ValidationError({"action_taken": _("Record what was done before acknowledging the alert.")})
    alert.acknowledged_at = at or timezone.now()
    alert.acknowledged_by = actor
    alert.action_taken = action_taken.strip()
    alert.save(update_fields=["acknowledged_at", "acknowledged_by", "action_taken"])
    audit_record(actor=actor, action="change", obj=alert, client_id=alert.client_id, detail={"acknowledged": True})
    return alert
