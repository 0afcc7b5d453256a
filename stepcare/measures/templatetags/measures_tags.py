from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def score(value: Any) -> str:
    """A total as people write it: 12, 10.5, 2.31 (never 12.0)."""
    if value is None or value == "":
        return "—"
    number = float(value)
    return f"{number:g}" if number == int(number) else f"{number:.2f}".rstrip("0").rstrip(".")


@register.filter
def signed(value: Any) -> str:
    if value is None:
        return "—"
    text = score(value)
    return f"+{text}" if float(value) > 0 else text.replace("-", "−")


@register.simple_tag
def measures_summary(referrals: Any) -> list[dict[str, Any]]:
    """First/latest scores per referral and instrument for already-scoped referrals (one query)."""
    from stepcare.measures.views import summarise

    return summarise(list(referrals))


@register.filter
def comparison_symbol(value: str) -> str:
    return {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "="}.get(value, value)


@register.filter
def language_name(code: str) -> str:
    """A language code as its name in the UI language ("he" -> "Hebrew"); unknown codes as given."""
    from django.utils.translation import get_language_info
    from django.utils.translation import gettext as _

    try:
        return _(get_language_info(code)["name"])
    except KeyError:
        return code or "—"


@register.filter
def catalogue_text(value: str | None, kind: str) -> str:
    """stepcare's own wording from an instrument file (a band, an item label, a note, a risk
    flag) in the interface's language: ``{{ band.label|catalogue_text:"score" }}``."""
    from stepcare.measures.catalogue_text import translated

    return translated(value, kind)


@register.filter
def score_label(instrument: Any, key: str) -> str:
    """A subscale's or a published rule's label (``{{ instrument|score_label:key }}``) in the
    interface's language, instead of its key; the key itself if the instrument has no such one."""
    from stepcare.measures.catalogue_text import translated

    labels = {s.key: s.label for s in instrument.subscales} | {r.key: r.label for r in instrument.rules}
    return translated(labels[key], "score") if key in labels else key
