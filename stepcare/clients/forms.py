from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from stepcare.accounts.models import Role, User
from stepcare.clients.identifiers import ISRAELI_ID, NHS_NUMBER, normalise_identifier
from stepcare.clients.models import (
    EARLIEST_DATE_OF_BIRTH,
    EARLIEST_REFERRAL,
    Client,
    ContactMethod,
    ContactOutcome,
    Language,
    Priority,
    ProblemArea,
    ReferralSource,
    details_not_recorded_in,
)
from stepcare.clients.services import (
    check_identifiers_free,
    check_received_on,
    validate_client_identity,
)
from stepcare.foundation.codes import ConsultationMechanism, EndCode
from stepcare.foundation.forms import IdModelChoiceField, SubmissionTokenField, TextLimitsMixin

LANGUAGE_CHOICES = Language.choices


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value: Any) -> str | None:
        if hasattr(value, "strftime"):
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if timezone.is_aware(value) else value.strftime("%Y-%m-%dT%H:%M")
        return super().format_value(value)


def _date_range(field: forms.Field, earliest: date) -> None:
    """The plausible range on a date picker (the services refuse anything outside it)."""
    field.widget.attrs.update({"min": earliest.isoformat(), "max": timezone.localdate().isoformat()})


class ClientForm(TextLimitsMixin, forms.ModelForm):
    """A client's details, to register them (no instance) or to change them (``instance``).

    Identifiers may be typed with spaces or dashes; they are checked and kept normalised
    (``identifiers.normalise_identifier``). An identifier another client of the service holds
    is refused at its field, linking to that client when the user may see them.
    """

    # Wider than the stored 10 and 9 digits, so "943 476 5919" is not cut short by the browser.
    nhs_number = forms.CharField(
        label=_("NHS number"), max_length=20, required=False,
        help_text=_("10 digits; spaces or dashes are fine."),
    )
    israeli_id = forms.CharField(
        label=_("Israeli ID (Teudat Zehut)"), max_length=20, required=False,
        help_text=_("9 digits with the check digit; spaces or dashes are fine."),
    )

    class Meta:
        model = Client
        fields = [
            "given_name", "family_name", "date_of_birth", "gender", "phone", "email", "address",
            "preferred_language", "interpreter_needed", "gp_name", "gp_practice", "israeli_id",
            "health_fund", "nhs_number", "emergency_contact_name", "emergency_contact_phone",
            "consent_sms", "consent_email",
        ]
        labels = {"preferred_language": _("Preferred language")}
        widgets = {"date_of_birth": DateInput(), "address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk is None and "preferred_language" not in kwargs.get("initial", {}):
            # A new client's language is the service's, not the model's fixed default.
            service = user.service
            if service is not None:
                self.initial["preferred_language"] = service.default_language
        for name in ("given_name", "family_name", "date_of_birth"):
            self.fields[name].required = True
        for name in ("phone", "email", "israeli_id", "nhs_number", "emergency_contact_phone"):
            self.fields[name].widget.attrs["dir"] = "ltr"
        for name in ("israeli_id", "nhs_number"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["phone"].widget.attrs["autocomplete"] = "off"
        _date_range(self.fields["date_of_birth"], EARLIEST_DATE_OF_BIRTH)
        if user.service is not None:
            for name in details_not_recorded_in(user.service.country):
                if not getattr(self.instance, name):  # a value already recorded stays editable
                    del self.fields[name]

    def clean_nhs_number(self) -> str:
        return normalise_identifier(self.cleaned_data.get("nhs_number") or "", NHS_NUMBER)

    def clean_israeli_id(self) -> str:
        return normalise_identifier(self.cleaned_data.get("israeli_id") or "", ISRAELI_ID)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            validate_client_identity(data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field, errors)
        identifiers = {name: data[name] for name in (NHS_NUMBER, ISRAELI_ID) if data.get(name)}
        try:
            check_identifiers_free(actor=self.user, fields=identifiers, client=self.instance if self.instance.pk else None)
        except ValidationError as exc:
            for field, refusals in exc.error_dict.items():
                self.add_error(field, [part for refusal in refusals for part in _linked_to_client(refusal)])
        return data

    def duplicate_identifier(self) -> bool:
        """Was an identifier refused because another client holds it?"""
        return any(self.has_error(name, "duplicate") for name in (NHS_NUMBER, ISRAELI_ID))


def _linked_to_client(error: ValidationError) -> list[ValidationError]:
    """A duplicate-identifier refusal, followed by a link to the client holding it when the
    user may see them (a message of its own: the error summary quotes the first message
    inside its own link, and a link may not hold another)."""
    params = error.params or {}
    if error.code != "duplicate" or not params.get("visible"):
        return [error]
    url = reverse("staff:client", args=[params["client_pk"]])
    link = format_html('<a href="{}">{}</a>', url, _("Open that client's record"))
    return [ValidationError(error.message, code="duplicate"), ValidationError(link, code="duplicate_link")]


class ReferralForm(TextLimitsMixin, forms.Form):
    submission_token = SubmissionTokenField()  # one referral per rendered form
    source = forms.ChoiceField(label=_("Referred by"), choices=ReferralSource.choices)
    received_on = forms.DateField(label=_("Date the referral was received"), widget=DateInput())
    reason = forms.CharField(label=_("Reason for referral"), widget=forms.Textarea(attrs={"rows": 3}))
    problem_areas = forms.MultipleChoiceField(
        label=_("Problem areas"), choices=ProblemArea.choices, widget=forms.CheckboxSelectMultiple
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.ROUTINE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _date_range(self.fields["received_on"], EARLIEST_REFERRAL)

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        try:
            check_received_on(value)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["received_on"]) from exc
        return value


class AllocateForm(forms.Form):
    pwp = IdModelChoiceField(label=_("PWP"), queryset=User.objects.none())

    def __init__(self, *args: Any, team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["pwp"]).queryset = User.objects.filter(team_id=team_id, role=Role.PWP, is_active=True).order_by("full_name")


class BookAssessmentForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    duration_minutes = forms.IntegerField(label=_("Length (minutes)"), min_value=15, max_value=180, initial=45)
    mode = forms.ChoiceField(label=_("How"), choices=ConsultationMechanism.choices)


class ContactAttemptForm(forms.Form):
    submission_token = SubmissionTokenField()  # one attempt per rendered form
    method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CloseReferralForm(forms.Form):
    end_code = forms.ChoiceField(label=_("End code"), choices=[("", "—"), *EndCode.choices])
