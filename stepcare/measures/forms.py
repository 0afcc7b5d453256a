from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stepcare.foundation.forms import SubmissionTokenField
from stepcare.measures.catalogue import CONTEXT_KEYS, Wording, option_label
from stepcare.measures.engine import AnswerError, Instrument, score
from stepcare.measures.engine.definitions import Item

CONTEXT_LABELS = {
    "not_working": _("Retired, or not working for reasons unrelated to the problem (the work item is left blank)"),
    "female": _("The client is female (item 4, menstrual problems, must then be answered)"),
}


def item_field_name(item: Item) -> str:
    return f"item_{item.id}"


class ResponseForm(forms.Form):
    """One questionnaire: a radio group per item, when it was completed, and the language.

    The total is not a field: the engine computes it from the answers.
    """

    completed_at = forms.DateTimeField(
        label=_("Completed"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Back-date to the session if you enter it later; never in the future."),
    )
    language = forms.CharField(widget=forms.HiddenInput, required=False)
    submission_token = SubmissionTokenField()  # one response per rendered form

    def __init__(self, *args: Any, instrument: Instrument, wording: Wording, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("completed_at", timezone.localtime().replace(second=0, microsecond=0))
        kwargs["initial"].setdefault("language", wording.language)
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.wording = wording
        for item in instrument.items:
            choices = [
                (str(option.score), option_label(instrument, item, option.score, wording))
                for option in instrument.options_for(item).options
            ]
            self.fields[item_field_name(item)] = forms.TypedChoiceField(
                label=wording.items.get(item.id) or item.label,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
            )
        for key in self.context_keys:
            self.fields[f"context_{key}"] = forms.BooleanField(
                label=CONTEXT_LABELS.get(key, key), required=False
            )

    @property
    def context_keys(self) -> list[str]:
        used = set(self.instrument.context_keys)
        return [key for key in CONTEXT_KEYS if key in used] + sorted(used - set(CONTEXT_KEYS))

    def answers(self) -> dict[str, int | None]:
        data = self.cleaned_data
        return {item.id: data.get(item_field_name(item)) for item in self.instrument.items}

    def context(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(f"context_{key}")) for key in self.context_keys}

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        context = self.context()
        try:
            score(self.instrument, self.answers(), context=context)
        except AnswerError as error:
            self._mark_items(error, context)
        return cleaned

    def _mark_items(self, error: AnswerError, context: dict[str, bool]) -> None:
        """Put the engine's refusal next to the items it names."""
        message = str(error)
        marked = False
        for item in self.instrument.items:
            blank = self.cleaned_data.get(item_field_name(item)) is None
            applies = not (item.not_applicable_when and context.get(item.not_applicable_when))
            required = not item.optional or bool(item.required_when and context.get(item.required_when))
            if f"item {item.id} " in message + " ":
                self.add_error(item_field_name(item), message)
                marked = True
            elif "missing" in message and blank and applies and item.scored and required:
                self.add_error(item_field_name(item), _("Not answered."))
                marked = True
        self.add_error(None, message if not marked else _("Some items need an answer or a correction."))
