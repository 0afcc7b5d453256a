from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.models import User
from stepcare.audit.services import audit_record
from stepcare.clients.models import Referral
from stepcare.risk.models import RiskAlert


@transaction.atomic
def risk_alert_raise(
    *, referral: Referral, source: str, summary: str, raised_by: User | None, at: datetime | None = None
) -> RiskAlert:
    """Raise an alert for the referral's team (duty supervisor) and its PWP.

    Called by every place a risk answer can be entered; it never fails silently. ``at`` is
    when the risk was reported, for answers entered later (the generator's history).
    """
    alert = RiskAlert(
        client_id=referral.client_id,
        referral=referral,
        source=source,
        summary=summary[:300],
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
