from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone

from stepcare.clients.waits import days_waited

register = template.Library()


@register.filter
def days_since(value: object, today: object = None) -> int | str:
    """Days waited from a referral date to today, by the one rule (``waits.days_waited``)."""
    if not isinstance(value, date):
        return ""
    end = today if isinstance(today, date) else timezone.localdate()
    return days_waited(value, end) if end >= value else ""
