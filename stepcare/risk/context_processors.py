from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from stepcare.audit.services import record_viewed
from stepcare.risk.selectors import open_alerts_for

MAX_SHOWN = 5


def risk_alerts(request: HttpRequest) -> dict[str, Any]:
    """Open alerts ride on every page for PWPs and supervisors (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_clinician:
        return {}
    # The banner shows the client's name, the source, summary and time: no PWP or referral row.
    alerts = list(open_alerts_for(user).select_related(None).select_related("client")[: MAX_SHOWN + 1])
    # The banner names clients: showing it is a view of their record like any other page.
    record_viewed(actor=user, client_ids=[alert.client_id for alert in alerts[:MAX_SHOWN]], page="risk:banner")
    return {"open_risk_alerts": alerts[:MAX_SHOWN], "more_risk_alerts": len(alerts) > MAX_SHOWN}
