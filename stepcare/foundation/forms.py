from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.utils.translation import gettext as _

from stepcare.foundation.requests import int_param


def add_service_errors(form: BaseForm, exc: ValidationError) -> None:
    """Show a service function's ValidationError on the form: at the field when the
    form has it, otherwise at the top, so nothing a person must fix goes unsaid."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _checked_pk(value: Any) -> Any:
    """A primary key typed by a person or a crafted request: ASCII digits within range, or
    refused as an invalid choice (never a database overflow, which would answer 500)."""
    if value in (None, "") or isinstance(value, int):
        return value
    if int_param(str(value)) is None:
        raise ValidationError(_("Select a valid choice."), code="invalid_choice")
    return value


class IdModelChoiceField(forms.ModelChoiceField):
    """ModelChoiceField that refuses ``abc``, ``²`` or a 30-digit id at the field."""

    def to_python(self, value: Any) -> Any:
        return super().to_python(_checked_pk(value))


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def clean(self, value: Any) -> Any:
        for item in value or []:
            _checked_pk(item)
        return super().clean(value)
