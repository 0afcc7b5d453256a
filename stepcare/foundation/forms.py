from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms import BaseForm, BoundField
from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html
from django.utils.safestring import SafeString
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


class SubmissionTokenField(forms.UUIDField):
    """A hidden token, new on every rendered form and kept when the form comes back with
    errors: ``foundation.services.submission_once`` stores one record per token. A missing
    or malformed token is no token (the form still saves, without that protection)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, initial=uuid.uuid4, **kwargs)

    def to_python(self, value: Any) -> Any:
        try:
            return super().to_python(value)
        except ValidationError:
            return None


# The longest text a person may type in a free-text box, in characters. Text that goes into a
# letter is shorter, so that no letter runs past a few pages (2,000 characters are about two
# thirds of a printed page). One home: the forms take their limits from here.
TEXT_LIMIT = 2000
TEXT_LIMITS: dict[str, int] = {
    "problem_statement": 1000,  # quoted in the letters to the GP and the client
    "address": 300,  # a letter's address block
    "letter_signature": 300,  # every letter's signature
}


class TextLimitsMixin:
    """Free-text boxes get a maximum length, refused at the field with a message (never cut
    silently): ``TEXT_LIMITS`` by field name, else ``TEXT_LIMIT``."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField) or not isinstance(field.widget, forms.Textarea):
                continue
            limit = min(TEXT_LIMITS.get(name, TEXT_LIMIT), field.max_length or TEXT_LIMIT)
            if field.max_length != limit:
                field.max_length = limit
                field.validators.append(MaxLengthValidator(limit))


class StepcareBoundField(BoundField):
    """Every field the project renders: a visible "required" on required labels and the
    maximum length for the typing counter (stepcare.js). Django marks invalid widgets with
    aria-invalid and aria-describedby (the error list's id) itself."""

    def label_tag(self, contents: str | None = None, attrs: dict[str, Any] | None = None,
                  label_suffix: str | None = None, tag: str | None = None) -> SafeString:
        if not self.field.required or self.is_hidden or not (contents or self.label):
            return super().label_tag(contents, attrs, label_suffix, tag)
        suffix = self.form.label_suffix if label_suffix is None else label_suffix
        label = contents or self.label
        if suffix and label[-1] not in _(":?.!"):
            label = format_html("{}{}", label, suffix)
        marked = format_html('{} <span class="required-mark">{}</span>', label, _("(required)"))
        return super().label_tag(marked, attrs, "", tag)

    def build_widget_attrs(self, attrs: Any, widget: Any = None) -> Any:
        attrs = super().build_widget_attrs(attrs, widget)
        max_length = getattr(self.field, "max_length", None)
        widget = widget or self.field.widget
        if max_length and isinstance(widget, forms.Textarea | forms.TextInput):
            attrs["data-maxlength"] = str(max_length)
        if max_length and isinstance(widget, forms.Textarea):
            attrs["data-maxlength-count"] = _("{count} of {limit} characters")
            attrs["data-maxlength-over"] = _("{over} characters too many: please shorten the text")
        return attrs


class FormRenderer(DjangoTemplates):
    """settings.FORM_RENDERER: Django's templates with the project's bound field."""

    bound_field_class = StepcareBoundField


def error_entries(*forms_: BaseForm | None) -> list[dict[str, Any]]:
    """The error summary's lines: each invalid field's label and first message with the id
    to link to (the first option of a radio group), then the forms' own errors."""
    entries: list[dict[str, Any]] = []
    for form in forms_:
        if not isinstance(form, BaseForm) or not form.is_bound or not form.errors:
            continue
        for error in form.non_field_errors():
            entries.append({"target": "", "label": "", "message": error})
        for bound in form:
            if not bound.errors:
                continue
            target = bound.id_for_label or (f"{bound.auto_id}_0" if bound.auto_id else "")
            if bound.is_hidden:
                entries.append({"target": "", "label": "", "message": bound.errors[0]})
            else:
                entries.append({"target": target, "label": bound.label, "message": bound.errors[0]})
    return entries
