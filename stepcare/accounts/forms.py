from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from stepcare.accounts.models import Role, Team, User
from stepcare.foundation.forms import IdModelChoiceField, IdModelMultipleChoiceField
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

    def __init__(self, *args: Any, service_id: int | None, editing: User | None = None, **kwargs: Any) -> None:
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
        if editing is not None:
            self.fields["email"].disabled = True

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if self.editing is None and User.objects.filter(email=email).exists():
            raise forms.ValidationError(_("A staff member with this e-mail already exists."))
        return email

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("role") in CLINICIANS and not data.get("team"):
            self.add_error("team", _("PWPs and supervisors must belong to a team."))
        return data
