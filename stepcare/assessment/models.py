"""The initial assessment (triage), its risk assessment, the care-path decision and letters.

The interview follows the low-intensity CBT assessment [LICBT p59–90; docs/clinical-definitions.md §6]:
presenting problem in five areas, onset and course, impact, the problem statement
(trigger + symptoms + impact), problem areas and a provisional descriptor, alcohol and
drug screen, medication, previous help, goals and preferences.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stepcare.clients.models import Referral
from stepcare.foundation.codes import ConsultationMechanism, EndCode, ProblemDescriptor


class Assessment(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("In progress")
        COMPLETE = "complete", _("Complete")

    class GroupPreference(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        GROUP = "group", _("Group")
        EITHER = "either", _("Either")

    class GenderPreference(models.TextChoices):
        NONE = "", _("No preference")
        FEMALE = "female", _("Female practitioner")
        MALE = "male", _("Male practitioner")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="assessments")
    practitioner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments")
    assessed_on = models.DateField(_("date of assessment"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Presenting problem: trigger and the five areas.
    trigger = models.TextField(_("trigger"), blank=True)
    situation = models.TextField(_("situation"), blank=True)
    thoughts = models.TextField(_("thoughts"), blank=True)
    emotions = models.TextField(_("emotions"), blank=True)
    physical_sensations = models.TextField(_("physical sensations"), blank=True)
    behaviours = models.TextField(_("behaviours"), blank=True)
    onset_and_course = models.TextField(_("onset and course"), blank=True)
    impact = models.TextField(_("impact on daily life"), blank=True)
    # A draft may be saved at any point; these are required to complete it (``completion_errors``).
    problem_statement = models.TextField(_("problem statement"), blank=True)
    problem_areas = models.JSONField(_("problem areas"), default=list, blank=True)
    descriptor = models.CharField(
        _("provisional problem descriptor"), max_length=10, choices=ProblemDescriptor.choices, blank=True
    )
    alcohol_drugs = models.TextField(_("alcohol and drug use"), blank=True)
    alcohol_drugs_concern = models.BooleanField(_("alcohol or drug use is a concern"), default=False)
    medication = models.TextField(_("medication"), blank=True)
    previous_help = models.TextField(_("previous help"), blank=True)
    goals = models.TextField(_("goals"), blank=True)
    preferred_mode = models.CharField(
        _("preferred mode"), max_length=2, choices=ConsultationMechanism.choices, default=ConsultationMechanism.FACE_TO_FACE
    )
    preferred_language = models.CharField(_("preferred language for sessions"), max_length=10, blank=True)
    practitioner_gender = models.CharField(_("practitioner gender"), max_length=10, choices=GenderPreference.choices, blank=True)
    group_or_individual = models.CharField(
        _("group or individual"), max_length=10, choices=GroupPreference.choices, default=GroupPreference.EITHER
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["referral", "-assessed_on"], name="assessment_referral_idx")]

    def __str__(self) -> str:
        return f"{self.referral.client} {self.assessed_on}"


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")


class SuicidalThoughts(models.TextChoices):
    NONE = "none", _("None")
    PASSIVE = "passive", _("Passive (would be better off dead)")
    ACTIVE = "active", _("Active thoughts of ending life")


class RiskAssessment(models.Model):
    """Structured risk domains, a level, a safety plan and the actions taken."""

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="risk")
    # Blank only in a draft: both are required to complete the assessment (``completion_errors``).
    suicidal_thoughts = models.CharField(
        _("thoughts of suicide"), max_length=10, choices=SuicidalThoughts.choices, blank=True
    )
    plans = models.BooleanField(_("plans"), default=False)
    intent = models.BooleanField(_("intent"), default=False)
    means = models.BooleanField(_("access to means"), default=False)
    past_attempts = models.BooleanField(_("past attempts"), default=False)
    self_harm = models.BooleanField(_("self-harm"), default=False)
    harm_to_others = models.BooleanField(_("risk of harm to others"), default=False)
    harm_from_others = models.BooleanField(_("risk of harm from others"), default=False)
    self_neglect = models.BooleanField(_("self-neglect"), default=False)
    details = models.TextField(_("details"), blank=True)
    protective_factors = models.TextField(_("protective factors"), blank=True)
    level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, blank=True)
    # Required when the level is "low" although active thoughts, plans or intent were recorded.
    low_level_reason = models.TextField(_("why the level is low"), blank=True)
    safety_plan = models.TextField(_("safety plan"), blank=True)
    actions_taken = models.TextField(_("actions taken"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk assessment")

    def __str__(self) -> str:
        return f"{self.assessment} — {self.get_level_display()}"

    def needs_alert(self) -> bool:
        """The one rule for when a risk assessment alerts the duty supervisor: a high level,
        or active suicidal thoughts, plans or intent whatever level was chosen (the client's
        safety wins over a level that may have been mis-set) [LICBT p19; docs/clinical-definitions.md §2.3]."""
        return self.level == RiskLevel.HIGH or self.suicidal_thoughts == SuicidalThoughts.ACTIVE or self.plans or self.intent

    def low_level_needs_reason(self) -> bool:
        """The one rule for a "low" level that needs a written reason: low although active
        thoughts of ending life, plans or intent were recorded (what ``needs_alert`` alerts on).
        The form, the service (through ``clean``) and every page showing the level use it."""
        return self.level == RiskLevel.LOW and self.needs_alert()

    def clean(self) -> None:
        if self.low_level_needs_reason() and not self.low_level_reason.strip():
            raise ValidationError({"low_level_reason": _(
                "The level is low although active thoughts of ending life, plans or intent were "
                "recorded: write why the level is low."
            )})

    def flagged_domains(self) -> list[str]:
        """The labels of the domains answered yes."""
        return [str(self.domain_label(n)) for n in DOMAINS if getattr(self, n)]

    def domain_answers(self) -> list[tuple[str, bool]]:
        """Every risk domain with its answer (yes/no), in the form's order."""
        return [(str(self.domain_label(n)), bool(getattr(self, n))) for n in DOMAINS]

    def alert_concerns(self) -> list[str]:
        """What makes ``needs_alert`` true apart from the level: active thoughts, plans, intent."""
        concerns = [str(SuicidalThoughts.ACTIVE.label)] if self.suicidal_thoughts == SuicidalThoughts.ACTIVE else []
        return concerns + [str(self.domain_label(n)) for n in ("plans", "intent") if getattr(self, n)]

    @classmethod
    def domain_label(cls, name: str) -> Any:
        # Each name is a concrete field of this model (not a relation), so it has a verbose name.
        return cast(models.Field, cls._meta.get_field(name)).verbose_name


# The yes/no risk domains of the risk assessment, in the form's order.
DOMAINS = ("plans", "intent", "means", "past_attempts", "self_harm", "harm_to_others", "harm_from_others", "self_neglect")


def completion_errors(assessment: Assessment, risk: RiskAssessment | None) -> dict[str, Any]:
    """The one rule for what an assessment needs before it is complete, and so before a care
    path is proposed: the problem statement, problem areas and descriptor, and the risk
    assessment's thoughts of suicide and level. A draft saves without them. Keys are fields."""
    errors: dict[str, Any] = {}
    if not assessment.problem_statement.strip():
        errors["problem_statement"] = _("Write the problem statement to complete the assessment.")
    if not assessment.problem_areas:
        errors["problem_areas"] = _("Choose at least one problem area to complete the assessment.")
    if not assessment.descriptor:
        errors["descriptor"] = _("Choose the provisional problem descriptor to complete the assessment.")
    if risk is None or not risk.suicidal_thoughts:
        errors["suicidal_thoughts"] = _("Record whether the client has thoughts of suicide to complete the assessment.")
    if risk is None or not risk.level:
        errors["level"] = _("Record a risk level to complete the assessment.")
    return errors


class Step(models.TextChoices):
    """The care paths a PWP may propose (docs/clinical-definitions.md §6.4)."""

    STEP2 = "step2", _("Step 2 low-intensity intervention")
    GROUP = "group", _("Group programme")
    STEP3 = "step3", _("Step 3 high-intensity therapy")
    SIGNPOST = "signpost", _("Signpost elsewhere")
    SECONDARY = "secondary", _("Secondary or crisis care")
    NOT_SUITABLE = "not_suitable", _("Not suitable for the service")


# Steps that keep the referral in this service's treatment.
TREATMENT_STEPS = {Step.STEP2, Step.GROUP}

# The end code a decision closes the referral with, unless the supervisor picks another
# (docs/clinical-definitions.md §5.5: seen but not taken on for a course of treatment).
DEFAULT_END_CODE = {
    Step.STEP3: EndCode.REFERRED_ON,
    Step.SIGNPOST: EndCode.SIGNPOSTED,
    Step.SECONDARY: EndCode.REFERRED_ON,
    Step.NOT_SUITABLE: EndCode.NOT_SUITABLE,
}


class Intervention(models.TextChoices):
    """Low-intensity interventions [CURR; docs/clinical-definitions.md §8] and stepcare's problem-area work."""

    GUIDED_SELF_HELP = "gsh", _("Guided self-help")
    BEHAVIOURAL_ACTIVATION = "ba", _("Behavioural activation")
    GRADED_EXPOSURE = "exposure", _("Graded exposure")
    COGNITIVE_RESTRUCTURING = "cr", _("Cognitive restructuring")
    WORRY_MANAGEMENT = "worry", _("Worry management")
    PROBLEM_SOLVING = "ps", _("Problem solving")
    PANIC_MANAGEMENT = "panic", _("Panic management")
    SLEEP = "sleep", _("Sleep hygiene")
    CRISIS_TRANSITION = "crisis", _("Support through crises and transitions")
    GRIEF = "grief", _("Grief support")
    SELF_COMPASSION = "compassion", _("Self-compassion")
    MOTIVATIONAL = "motivational", _("Motivational work (COM-B)")
    STRESS_GROUP = "stress_group", _("Stress-management course")


class StepDecision(models.Model):
    """A PWP's proposed care path and a senior clinician's review of it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Awaiting senior review")
        APPROVED = "approved", _("Approved")
        CHANGED = "changed", _("Changed by the reviewer")
        WITHDRAWN = "withdrawn", _("Withdrawn (referral closed)")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="step_decisions")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="step_decisions")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed"))
    proposed_step = models.CharField(_("proposed care path"), max_length=20, choices=Step.choices)
    proposed_intervention = models.CharField(_("intervention"), max_length=20, choices=Intervention.choices, blank=True)
    rationale = models.TextField(_("rationale"))
    client_choice = models.TextField(_("the client's choice"), help_text=_("What the client wants, in their words."))
    client_agrees = models.BooleanField(_("the client agrees with this plan"), default=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    decided_step = models.CharField(_("agreed care path"), max_length=20, choices=Step.choices, blank=True)
    decided_intervention = models.CharField(_("agreed intervention"), max_length=20, choices=Intervention.choices, blank=True)
    review_reason = models.TextField(_("reviewer's reason"), blank=True)
    end_code = models.CharField(_("end code"), max_length=2, choices=EndCode.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("care-path decision")
        ordering = ["-proposed_at"]
        indexes = [models.Index(fields=["status", "proposed_at"], name="stepdecision_status_idx")]
        constraints = [
            # At most one proposal awaiting review per referral, whatever two requests do at once.
            models.UniqueConstraint(
                fields=["referral"], condition=models.Q(status="proposed"), name="stepdecision_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral.client}: {self.get_proposed_step_display()}"


class Letter(models.Model):
    class Recipient(models.TextChoices):
        GP = "gp", _("Referrer / GP")
        CLIENT = "client", _("Client")

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="letters")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="letters")
    recipient = models.CharField(_("recipient"), max_length=10, choices=Recipient.choices)
    language = models.CharField(_("language"), max_length=10)
    pdf = models.FileField(upload_to="letters/%Y/%m/")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # A wrong letter is never deleted: it is withdrawn with a reason and kept.
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("letter")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["referral", "-created_at"], name="letter_referral_idx")]

    def __str__(self) -> str:
        return f"{self.get_recipient_display()} {self.created_at:%Y-%m-%d}"
