from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stepcare.accounts.models import Role, User
from stepcare.clients.models import (
    Client,
    ContactMethod,
    ContactOutcome,
    Priority,
    ProblemArea,
    ReferralSource,
)
from stepcare.clients.services import validate_client_identity
from stepcare.foundation.codes import ConsultationMechanism, EndCode
from stepcare.foundation.forms import IdModelChoiceField

LANGUAGE_CHOICES = [("he", _("Hebrew")), ("ar", _("Arabic")), ("en", _("English")), ("ru", _("Russian")), ("am", _("Amharic"))]


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value: Any) -> str | None:
        if hasattr(value, "strftime"):
            return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if timezone.is_aware(value) else value.strftime("%Y-%m-%dT%H:%M")
        return super().format_value(value)


class ClientForm(forms.ModelForm):
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=LANGUAGE_CHOICES)

    class Meta:
        model = Client
        fields = [
            "given_name", "family_name", "date_of_birth", "gender", "phone", "email", "address",
            "preferred_language", "interpreter_needed", "gp_name", "gp_practice", "israeli_id",
            "health_fund", "nhs_number", "emergency_contact_name", "emergency_contact_phone",
            "consent_sms", "consent_email",
        ]
        widgets = {"date_of_birth": DateInput(), "address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("given_name", "family_name", "date_of_birth"):
            self.fields[name].required = True
        for name in ("phone", "email", "israeli_id", "nhs_number", "emergency_contact_phone"):
            self.fields[name].widget.attrs["dir"] = "ltr"
        self.fields["phone"].widget.attrs["autocomplete"] = "off"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            validate_client_identity(data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                self.add_error(field, errors)
        return data


class ReferralForm(forms.Form):
    source = forms.ChoiceField(label=_("Referred by"), choices=ReferralSource.choices)
    received_on = forms.DateField(label=_("Date the referral was received"), widget=DateInput())
    reason = forms.CharField(label=_("Reason for referral"), widget=forms.Textarea(attrs={"rows": 3}))
    problem_areas = forms.MultipleChoiceField(
        label=_("Problem areas"), choices=ProblemArea.choices, widget=forms.CheckboxSelectMultiple
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.ROUTINE)

    def clean_received_on(self) -> Any:
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The referral date cannot be in the future."))
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
    method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=ContactOutcome.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class CloseReferralForm(forms.Form):
    end_code = forms.ChoiceField(label=_("End code"), choices=[("", "—"), *EndCode.choices])
