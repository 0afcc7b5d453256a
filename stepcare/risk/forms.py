from django import forms
from django.utils.translation import gettext_lazy as _


class AcknowledgeForm(forms.Form):
    action_taken = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: phoned the client, reviewed the safety plan, informed the duty team."),
    )
