from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stepcare.assessment.models import (
    TREATMENT_STEPS,
    Assessment,
    Intervention,
    RiskAssessment,
    Step,
)
from stepcare.clients.forms import LANGUAGE_CHOICES, DateInput
from stepcare.clients.models import ProblemArea
from stepcare.foundation.codes import EndCode
from stepcare.foundation.forms import SubmissionTokenField, TextLimitsMixin


class AssessmentForm(TextLimitsMixin, forms.ModelForm):
    submission_token = SubmissionTokenField()  # each press of Save is stored once
    problem_areas = forms.MultipleChoiceField(
        label=_("Problem areas"), choices=ProblemArea.choices, widget=forms.CheckboxSelectMultiple,
        required=False,  # required to complete the assessment (completion_errors), not for a draft
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language for sessions"), choices=[("", "—"), *LANGUAGE_CHOICES], required=False
    )

    class Meta:
        model = Assessment
        fields = [
            "assessed_on", "trigger", "situation", "thoughts", "emotions", "physical_sensations", "behaviours",
            "onset_and_course", "impact", "problem_statement", "problem_areas", "descriptor", "alcohol_drugs",
            "alcohol_drugs_concern", "medication", "previous_help", "goals", "preferred_mode",
            "preferred_language", "practitioner_gender", "group_or_individual",
        ]
        widgets = {
            "assessed_on": DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 2})
                for name in (
                    "trigger", "situation", "thoughts", "emotions", "physical_sensations", "behaviours",
                    "onset_and_course", "impact", "alcohol_drugs", "medication", "previous_help", "goals",
                )
            },
            "problem_statement": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "problem_statement": _("Trigger + symptoms + impact, in the client's words where you can."),
        }

    def clean_assessed_on(self) -> Any:
        value = self.cleaned_data["assessed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The assessment date cannot be in the future."))
        return value


class RiskForm(TextLimitsMixin, forms.ModelForm):
    class Meta:
        model = RiskAssessment
        fields = [
            "suicidal_thoughts", "plans", "intent", "means", "past_attempts", "self_harm", "harm_to_others",
            "harm_from_others", "self_neglect", "details", "protective_factors", "level", "low_level_reason",
            "safety_plan", "actions_taken",
        ]
        widgets = {
            "suicidal_thoughts": forms.RadioSelect,
            "level": forms.RadioSelect,
            "details": forms.Textarea(attrs={"rows": 2}),
            "protective_factors": forms.Textarea(attrs={"rows": 2}),
            "safety_plan": forms.Textarea(attrs={"rows": 3}),
            "actions_taken": forms.Textarea(attrs={"rows": 2}),
            "low_level_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "low_level_reason": _(
                "Required when the level is low although active thoughts of ending life, plans or intent "
                "were recorded; shown wherever the level is shown."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django adds an empty choice to radios of model fields without a default.
        for name in ("level", "suicidal_thoughts"):
            field = cast(forms.ChoiceField, self.fields[name])  # model fields with flat choices
            pairs = cast(Iterable[tuple[str, Any]], field.choices)
            field.choices = [c for c in pairs if c[0] != ""]


class ProposalForm(TextLimitsMixin, forms.Form):
    proposed_step = forms.ChoiceField(label=_("Proposed care path"), choices=Step.choices, widget=forms.RadioSelect)
    proposed_intervention = forms.ChoiceField(
        label=_("Intervention"), choices=[("", "—"), *Intervention.choices], required=False
    )
    rationale = forms.CharField(label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}))
    client_choice = forms.CharField(
        label=_("The client's choice"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the client wants, in their words."),
    )
    client_agrees = forms.BooleanField(label=_("The client agrees with this plan"), required=False, initial=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("proposed_step") in TREATMENT_STEPS and not data.get("proposed_intervention"):
            self.add_error("proposed_intervention", _("Choose the intervention for this care path."))
        return data


class ReviewForm(TextLimitsMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"),
        choices=[("approve", _("Approve the proposal")), ("change", _("Change the care path"))],
        widget=forms.RadioSelect,
    )
    decided_step = forms.ChoiceField(label=_("Care path"), choices=[("", "—"), *Step.choices], required=False)
    decided_intervention = forms.ChoiceField(
        label=_("Intervention"), choices=[("", "—"), *Intervention.choices], required=False
    )
    review_reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
        help_text=_("Required when you change the care path."),
    )
    end_code = forms.ChoiceField(
        label=_("End code (when the referral leaves the service)"), choices=[("", _("Default for the care path")), *EndCode.choices], required=False
    )
