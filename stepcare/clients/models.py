"""Clients and their referrals.

The referral is the unit outcomes are counted on (NHS Talking Therapies
dataset, docs/clinical-definitions.md §3.1): one client may have several referrals over time.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from stepcare.accounts.models import Service, Team
from stepcare.clients.identifiers import client_reference


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class HealthFund(models.TextChoices):
    CLALIT = "clalit", _("Clalit")
    MACCABI = "maccabi", _("Maccabi")
    MEUHEDET = "meuhedet", _("Meuhedet")
    LEUMIT = "leumit", _("Leumit")


class Language(models.TextChoices):
    """Languages a client may prefer (letters exist in English, Hebrew and Arabic)."""

    HEBREW = "he", _("Hebrew")
    ARABIC = "ar", _("Arabic")
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    AMHARIC = "am", _("Amharic")


# Plausible ranges: an earlier date of birth or referral is a typing error ("0199" for "1990"),
# which would otherwise count decades of waiting (clients.services.check_* enforce them).
EARLIEST_DATE_OF_BIRTH = date(1900, 1, 1)
EARLIEST_REFERRAL = date(1990, 1, 1)


class Client(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="clients")
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    date_of_birth = models.DateField(_("date of birth"))
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    # The service's default language when a client is registered (clients.services.client_create).
    preferred_language = models.CharField(_("preferred language"), max_length=10, choices=Language.choices, default=Language.HEBREW)
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    gp_name = models.CharField(_("GP / family doctor"), max_length=200, blank=True)
    gp_practice = models.CharField(_("practice / clinic"), max_length=200, blank=True)
    nhs_number = models.CharField(_("NHS number"), max_length=10, blank=True, db_index=True)
    israeli_id = models.CharField(_("Israeli ID (Teudat Zehut)"), max_length=9, blank=True, db_index=True)
    health_fund = models.CharField(_("health fund"), max_length=20, choices=HealthFund.choices, blank=True)
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_contact_phone = models.CharField(_("emergency contact phone"), max_length=40, blank=True)
    consent_sms = models.BooleanField(_("consents to SMS"), default=False)
    consent_email = models.BooleanField(_("consents to e-mail"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("client")
        ordering = ["family_name", "given_name"]
        indexes = [models.Index(fields=["family_name", "given_name", "date_of_birth"], name="client_name_dob_idx")]
        # One record per person in a service: a national identifier, where given, names one
        # client (clients.services checks first, with a message pointing to that client).
        constraints = [
            models.UniqueConstraint(
                fields=["service", "nhs_number"], condition=~models.Q(nhs_number=""),
                name="client_nhs_number_unique_in_service",
                violation_error_message=_("A client with this NHS number is already registered in this service."),
            ),
            models.UniqueConstraint(
                fields=["service", "israeli_id"], condition=~models.Q(israeli_id=""),
                name="client_israeli_id_unique_in_service",
                violation_error_message=_("A client with this ID number is already registered in this service."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def reference(self) -> str:
        """A non-identifying reference, safe to show in the audit trail."""
        return client_reference(self.pk)


# The details a person types and may change (registration, "Edit details", field history).
CLIENT_DETAIL_FIELDS = [
    "given_name", "family_name", "date_of_birth", "gender", "phone", "email", "address",
    "preferred_language", "interpreter_needed", "gp_name", "gp_practice", "nhs_number",
    "israeli_id", "health_fund", "emergency_contact_name", "emergency_contact_phone",
    "consent_sms", "consent_email",
]

# The details only one country records: its services' forms ask for them, others' do not.
COUNTRY_DETAIL_FIELDS = {
    Service.Country.ENGLAND: ("nhs_number",),
    Service.Country.ISRAEL: ("israeli_id", "health_fund"),
}


def details_not_recorded_in(country: str) -> list[str]:
    """The other countries' details (an NHS number is not asked for in Israel, nor an
    Israeli ID or health fund in England)."""
    return [name for other, names in COUNTRY_DETAIL_FIELDS.items() if other != country for name in names]


class ReferralSource(models.TextChoices):
    SELF = "self", _("Self-referral")
    GP = "gp", _("GP / family doctor")
    OTHER_PROFESSIONAL = "professional", _("Other professional")
    COMMUNITY = "community", _("Community service")


class ProblemArea(models.TextChoices):
    LOW_SELF_ESTEEM = "self_esteem", _("Low self-esteem")
    GRIEF = "grief", _("Grief and loss")
    BEHAVIOURAL_ACTIVATION = "activation", _("Behavioural activation needs")
    THREAT = "threat", _("Exposure to existential or security threats")
    ANXIETY_WORRY = "worry", _("Anxiety and chronic worry")
    LOW_MOOD = "low_mood", _("Low mood")
    STRESS = "stress", _("Psychological stress, including physical symptoms of anxiety")
    TRANSITIONS = "transitions", _("Life transitions and crises")
    OTHER = "other", _("Other")


class ReferralStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for assessment")
    ASSESSMENT_BOOKED = "booked", _("Assessment booked")
    AWAITING_REVIEW = "review", _("Care path awaiting review")
    WAITING_TREATMENT = "waiting_treatment", _("Waiting for treatment")
    IN_TREATMENT = "treatment", _("In treatment")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = [s for s in ReferralStatus.values if s != ReferralStatus.CLOSED]
WAITING_FOR_ASSESSMENT = [ReferralStatus.WAITING, ReferralStatus.ASSESSMENT_BOOKED]
WAITING_FOR_TREATMENT = [ReferralStatus.AWAITING_REVIEW, ReferralStatus.WAITING_TREATMENT]


class Priority(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")


class Referral(models.Model):
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="referrals")
    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.PROTECT, related_name="referrals")
    source = models.CharField(_("source"), max_length=20, choices=ReferralSource.choices)
    received_on = models.DateField(_("date received"))
    reason = models.TextField(_("reason for referral"), blank=True)
    problem_areas = models.JSONField(_("problem areas"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.WAITING)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.ROUTINE)
    allocated_pwp = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("allocated PWP"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    end_code = models.CharField(_("end code"), max_length=2, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referral")
        ordering = ["received_on", "id"]
        indexes = [
            # priority rides along so the waiting list (sorted by priority) reads the index alone.
            models.Index(fields=["team", "status", "received_on", "priority"], name="referral_team_status_prio_idx"),
            models.Index(fields=["allocated_pwp", "status", "received_on"], name="referral_pwp_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client} — {self.received_on:%Y-%m-%d}"

    # --- Lifecycle predicates: what may happen next (stepcare/clients/lifecycle.py asks these,
    # and so do templates, so a button is shown exactly when the action would be accepted).

    @property
    def is_open(self) -> bool:
        return self.status != ReferralStatus.CLOSED

    def can_allocate(self) -> bool:
        return self.is_open

    def can_book_assessment(self) -> bool:
        """Waiting for (or already booked for) the initial assessment, with a PWP allocated."""
        return self.allocated_pwp_id is not None and self.status in WAITING_FOR_ASSESSMENT

    def can_be_assessed(self) -> bool:
        """The initial assessment may be recorded until a care path is agreed."""
        return self.status in (*WAITING_FOR_ASSESSMENT, ReferralStatus.AWAITING_REVIEW)

    def can_send_for_review(self) -> bool:
        """A care path may be proposed after the assessment, while none is pending or agreed."""
        return self.status in WAITING_FOR_ASSESSMENT

    def can_agree_treatment(self) -> bool:
        """A senior clinician's decision applies only while the proposal awaits review."""
        return self.status == ReferralStatus.AWAITING_REVIEW

    def can_close(self) -> bool:
        return self.is_open

    def can_record_contact_attempt(self) -> bool:
        """Trying to reach the client: while they wait for an assessment or for treatment."""
        return self.is_open and self.status != ReferralStatus.IN_TREATMENT

    def problem_area_labels(self) -> list[str]:
        labels = dict(ProblemArea.choices)
        return [str(labels.get(code, code)) for code in self.problem_areas]


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")


class ContactOutcome(models.TextChoices):
    REACHED = "reached", _("Reached the client")
    NO_ANSWER = "no_answer", _("No answer")
    MESSAGE_LEFT = "message", _("Left a message")
    WRONG_NUMBER = "wrong", _("Wrong number or address")


class ContactAttempt(models.Model):
    """An attempt to reach a waiting client; referrals that never engage are closed."""

    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="contact_attempts")
    at = models.DateTimeField(_("when"))
    method = models.CharField(_("how"), max_length=10, choices=ContactMethod.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=ContactOutcome.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("contact attempt")
        ordering = ["-at"]
        indexes = [models.Index(fields=["referral", "-at"], name="contactattempt_referral_idx")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.at:%Y-%m-%d %H:%M}"
