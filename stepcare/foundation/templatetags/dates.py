"""Dates and times as people read them, the same on every page: ``{{ x|day }}`` gives
"6 March 2026", ``{{ x|when }}`` "6 March 2026, 08:36" (the formats are in
stepcare/foundation/formats). Each is a <time> element carrying the ISO value for machines,
isolated (``dir="auto"``) so that its digits keep their order inside right-to-left text.
Plain text places (an <option>, a letter's sentence) use ``|date:"DATE_FORMAT"``, the same
format without the markup.
"""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.template.defaultfilters import date as date_filter
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def _time(value: date | None, machine: str, shown: str) -> SafeString | str:
    if value is None or value == "":
        return ""
    return format_html('<time datetime="{}" dir="auto">{}</time>', machine, shown)


@register.filter(expects_localtime=True, is_safe=True)
def day(value: date | None, fmt: str = "DATE_FORMAT") -> SafeString | str:
    """A day: 6 March 2026 (``|day:"SHORT_DATE_FORMAT"`` gives 6 Mar 2026 in tables)."""
    if not isinstance(value, date):
        return ""
    machine = value.date().isoformat() if isinstance(value, datetime) else value.isoformat()
    return _time(value, machine, date_filter(value, fmt))


@register.filter(expects_localtime=True, is_safe=True)
def when(value: datetime | None, fmt: str = "DATETIME_FORMAT") -> SafeString | str:
    """A moment in local time, 24-hour: 6 March 2026, 08:36."""
    if not isinstance(value, datetime):
        return day(value, fmt.replace("DATETIME", "DATE")) if isinstance(value, date) else ""
    return _time(value, value.isoformat(timespec="minutes"), date_filter(value, fmt))
