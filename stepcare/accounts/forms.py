from __future__ import annotations

from typing import Any, cast

from allauth.mfa.base.forms import AuthenticateForm
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from stepcare.accounts.models import CRISIS_NUMBER, LANGUAGE_CHOICES, Role, Service, Team, User
from stepcare.audit.services import audit_record
from stepcare.foundation.forms import (
    IdModelChoiceField,
    IdModelMultipleChoiceField,
    TextLimitsMixin,
)
from stepcare.foundation.roles import CLINICIANS


class StaffForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    team = IdModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    supervisees = IdModelMultipleChoiceField(
        label=_("Supervises (supervisors only)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self, *args: Any, service_id: int | None, editing: User | None = None, actor_id: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        # Only the administrator's own service: teams and PWPs of another are not offered
        # (none to an account outside any service).
        if service_id is not None:
            cast(forms.ModelChoiceField, self.fields["team"]).queryset = Team.objects.filter(
                service_id=service_id
            ).order_by("name")
            cast(forms.ModelMultipleChoiceField, self.fields["supervisees"]).queryset = User.objects.filter(
                service_id=service_id, role=Role.PWP, is_active=True
            ).select_related("team")
        if editing is not None and editing.pk == actor_id:
            # Your own sign-in address, role, team and status are changed by another administrator.
            for name in ("email", "role", "team", "is_active"):
                self.fields[name].disabled = True

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        others = User.objects.filter(email=email)
        if self.editing is not None:
            others = others.exclude(pk=self.editing.pk)
        if others.exists():
            raise forms.ValidationError(_("A staff member with this e-mail already exists."))
        return email

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("role") in CLINICIANS and not data.get("team"):
            self.add_error("team", _("PWPs and supervisors must belong to a team."))
        return data


CONTACT_ROWS = 5
crisis_number = RegexValidator(CRISIS_NUMBER, _("Use digits and spaces only, with + at the start if needed."))
phone_number = RegexValidator(r"^[0-9 +()\-]*$", _("Use digits, spaces, +, - and brackets only."))


class ServiceSettingsForm(TextLimitsMixin, forms.Form):
    """A service's settings; the crisis contacts are a fixed number of label + number rows."""

    name = forms.CharField(label=_("Name of the service"), max_length=200)
    country = forms.ChoiceField(
        label=_("Country"),
        choices=Service.Country.choices,
        help_text=_(
            "Sets the client identifiers (NHS number or ID number), the crisis contacts and the "
            "default language, unless you change them below."
        ),
    )
    default_language = forms.ChoiceField(
        label=_("Default language"),
        choices=LANGUAGE_CHOICES,
        help_text=_("The language of letters to GPs and referrers unless a letter is written in another."),
    )
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False, validators=[phone_number])
    email = forms.EmailField(label=_("E-mail"), required=False)
    letter_signature = forms.CharField(
        label=_("Letter signature"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed under the practitioner's name on every letter, e.g. the clinical lead's name."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Numbers and addresses read left to right in a Hebrew or Arabic page too.
        for name in ("phone", "email"):
            self.fields[name].widget.attrs["dir"] = "ltr"
        for i in range(CONTACT_ROWS):
            self.fields[f"contact_label_{i}"] = forms.CharField(
                label=_("Crisis contact %(n)s: name") % {"n": i + 1}, max_length=200, required=False
            )
            self.fields[f"contact_number_{i}"] = forms.CharField(
                label=_("Crisis contact %(n)s: number") % {"n": i + 1},
                max_length=40,
                required=False,
                validators=[crisis_number],
                widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel"}),
            )

    @staticmethod
    def contact_initial(contacts: list[tuple[str, str]]) -> dict[str, str]:
        initial = {}
        for i, (label, number) in enumerate(contacts[:CONTACT_ROWS]):
            initial[f"contact_label_{i}"] = label
            initial[f"contact_number_{i}"] = number
        return initial

    def contact_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"contact_label_{i}"], self[f"contact_number_{i}"]) for i in range(CONTACT_ROWS)]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("name", "country", "default_language", "address", "phone", "email", "letter_signature")]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        contacts = []
        for i in range(CONTACT_ROWS):
            label = (data.get(f"contact_label_{i}") or "").strip()
            number = (data.get(f"contact_number_{i}") or "").strip()
            if label and not number and f"contact_number_{i}" not in self.errors:
                self.add_error(f"contact_number_{i}", _("Give the number for this contact."))
            elif number and not label:
                self.add_error(f"contact_label_{i}", _("Say who answers this number."))
            elif label and number:
                contacts.append({"label": label, "number": number})
        data["crisis_contacts"] = contacts
        return data


class StaffMFAAuthenticateForm(AuthenticateForm):
    """allauth's second-factor form; a code refused because of too many attempts is audited
    too (a wrong code is audited through allauth's ``authentication_failed`` signal)."""

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except forms.ValidationError as exc:
            if getattr(exc, "code", None) == "too_many_login_attempts":
                audit_record(
                    actor=None, action="mfa_failed", obj=self.user,
                    detail={"login": self.user.email, "refused": "too many attempts"},
                )
            raise
