"""Dataset codes as people read them, in the interface's language."""

from __future__ import annotations

from django import template

from stepcare.foundation.codes import EndCode

register = template.Library()


@register.filter
def end_code_label(value: str | None) -> str:
    """A referral's end code with its meaning: "46 · Mutually agreed completion of treatment"."""
    if not value:
        return ""
    return str(EndCode(value).label) if value in EndCode.values else value
