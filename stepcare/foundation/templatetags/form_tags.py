from __future__ import annotations

from typing import Any

from django import template
from django.forms import BaseForm

from stepcare.foundation.forms import error_entries

register = template.Library()


@register.inclusion_tag("foundation/error_summary.html")
def error_summary(*forms_: BaseForm | None) -> dict[str, Any]:
    """The error summary at the top of a form: a link to each field to correct."""
    return {"entries": error_entries(*forms_)}
