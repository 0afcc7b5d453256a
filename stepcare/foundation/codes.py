"""NHS Talking Therapies dataset codes used across stepcare (one home for each).

See docs/clinical-definitions.md §5; source: NHS England's analytic SQL [NHSE-REPO]
(20230816_DischargeCodes.sql; 2.19 Average_Waits_Base_Table_v7.sql;
2.17 ConsMech_Ethnicity_InvalidCodes.sql). Labels are ours and translatable.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EndCode(models.TextChoices):
    # Seen but not taken on for a course of treatment
    NOT_SUITABLE = "10", _("10 · Not suitable; no action or referred back to the referrer")
    SIGNPOSTED = "11", _("11 · Not suitable; signposted elsewhere with the client's agreement")
    ADVICE_GIVEN = "12", _("12 · Discharged by mutual agreement after advice and support")
    REFERRED_ON = "13", _("13 · Referred to another therapy service by mutual agreement")
    DECLINED = "14", _("14 · Suitable, but the client declined the treatment offered")
    INCOMPLETE_ASSESSMENT = "16", _("16 · Incomplete assessment (client dropped out)")
    DECEASED_SEEN = "17", _("17 · Deceased (seen, not treated)")
    UNKNOWN_SEEN = "95", _("95 · Not known (seen, not treated)")
    # Not assessed
    NOT_ASSESSED = "50", _("50 · Not assessed")
    # Seen and taken on for a course of treatment
    COMPLETED = "46", _("46 · Mutually agreed completion of treatment")
    ENDED_BY_PROFESSIONAL = "47", _("47 · Ended earlier than the professional planned")
    ENDED_BY_CLIENT = "48", _("48 · Ended earlier than the client requested")
    DECEASED_TREATED = "49", _("49 · Deceased (in treatment)")
    UNKNOWN_TREATED = "96", _("96 · Not known (in treatment)")


# End codes for a referral that never engaged before assessment.
NOT_ENGAGED_END_CODES = [EndCode.NOT_ASSESSED]


class AppointmentType(models.TextChoices):
    ASSESSMENT = "01", _("Assessment")
    TREATMENT = "02", _("Treatment")
    ASSESSMENT_AND_TREATMENT = "03", _("Assessment and treatment")
    REVIEW_AND_TREATMENT = "05", _("Review and treatment")


# Codes 02, 03 and 05 count as treatment (docs/clinical-definitions.md §5.1).
TREATMENT_APPOINTMENT_TYPES = {"02", "03", "05"}


class Attendance(models.TextChoices):
    CANCELLED_BY_CLIENT = "2", _("Cancelled by or for the client")
    DNA = "3", _("Did not attend")
    CANCELLED_BY_SERVICE = "4", _("Cancelled or postponed by the service")
    ATTENDED = "5", _("Attended on time")
    LATE_SEEN = "6", _("Arrived late but was seen")
    LATE_NOT_SEEN = "7", _("Arrived late and could not be seen")


# Attended = 5 or 6 (docs/clinical-definitions.md §5.2).
ATTENDED_CODES = {"5", "6"}


class ConsultationMechanism(models.TextChoices):
    FACE_TO_FACE = "01", _("Face to face")
    TELEPHONE = "02", _("Telephone")
    EMAIL = "05", _("E-mail")
    TEXT = "09", _("Text message (asynchronous)")
    INSTANT_MESSAGING = "10", _("Instant messaging")
    VIDEO = "11", _("Video")
    OTHER = "98", _("Other")


class ProblemDescriptor(models.TextChoices):
    """Provisional problem descriptors (ICD-10), docs/clinical-definitions.md §5.6."""

    DEPRESSION = "F32", _("F32/F33 · Depression")
    AGORAPHOBIA = "F40.0", _("F40.0 · Agoraphobia")
    SOCIAL_PHOBIA = "F40.1", _("F40.1 · Social phobia")
    SPECIFIC_PHOBIA = "F40.2", _("F40.2 · Specific phobia")
    PANIC = "F41.0", _("F41.0 · Panic disorder")
    GAD = "F41.1", _("F41.1 · Generalised anxiety disorder")
    MIXED = "F41.2", _("F41.2 · Mixed anxiety and depressive disorder")
    OCD = "F42", _("F42 · Obsessive-compulsive disorder")
    PTSD = "F43.1", _("F43.1 · Post-traumatic stress disorder")
    HEALTH_ANXIETY = "F45.2", _("F45.2 · Hypochondriacal disorder (health anxiety)")
    OTHER = "other", _("Other / not yet known")
