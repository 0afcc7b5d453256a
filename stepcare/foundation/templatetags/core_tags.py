from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: object) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def days_since(value: object, today: object = None) -> int | str:
    """Whole days from a date to today (waits are counted in days, docs/clinical-definitions.md §4.2)."""
    from datetime import date

    from django.utils import timezone

    if not isinstance(value, date):
        return ""
    end = today if isinstance(today, date) else timezone.localdate()
    return (end - value).days
