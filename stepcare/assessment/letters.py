"""Assessment outcome letters: to the referrer / GP and to the client, as PDFs.

A letter is written only once a senior clinician has agreed the care path (an approved or
changed StepDecision), in the recipient's language (English, Hebrew or Arabic, right to
left where needed), on the service's letterhead, and stored on the record.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from stepcare.accounts.countries import service_crisis_contacts
from stepcare.accounts.models import Service, User
from stepcare.assessment.models import (
    TREATMENT_STEPS,
    Assessment,
    Intervention,
    Letter,
    Step,
    StepDecision,
)
from stepcare.audit.services import audit_record
from stepcare.clients.models import Client, Referral, ReferralSource
from stepcare.clients.selectors import referrals_visible_to
from stepcare.measures.catalogue import assessment_measure_codes
from stepcare.measures.catalogue_text import translated
from stepcare.measures.engine import load_catalogue
from stepcare.measures.models import MeasureResponse

LETTER_LANGUAGES = ("en", "he", "ar")
RTL_LANGUAGES = frozenset({"he", "ar"})
AGREED_STATUSES = (StepDecision.Status.APPROVED, StepDecision.Status.CHANGED)

logger = logging.getLogger(__name__)


# --- Reads ---------------------------------------------------------------------------


def letter_get(user: User, pk: int) -> Letter:
    """The letter, or 404 when the user may not see its referral."""
    letters = Letter.objects.filter(referral__in=referrals_visible_to(user))
    return get_object_or_404(letters.select_related("referral__client", "created_by"), pk=pk)


def letters_for_referral(user: User, referral: Referral) -> QuerySet[Letter]:
    """The referral's letters, newest first (empty when the user may not see it)."""
    return (
        Letter.objects.filter(referral__in=referrals_visible_to(user), referral=referral)
        .select_related("created_by", "withdrawn_by")
        .order_by("-created_at", "-id")
    )


def agreed_decision(assessment: Assessment) -> StepDecision | None:
    """The newest care-path decision a senior clinician agreed for this assessment."""
    return (
        assessment.step_decisions.filter(status__in=AGREED_STATUSES)
        .select_related("reviewed_by", "proposed_by")
        .order_by("-reviewed_at", "-id")
        .first()
    )


def default_language(*, recipient: str, client: Client) -> str:
    """GP letters in the service's default language; client letters in the client's own
    language when stepcare writes letters in it, else English."""
    if recipient == Letter.Recipient.CLIENT:
        return client.preferred_language if client.preferred_language in LETTER_LANGUAGES else "en"
    language = client.service.default_language
    return language if language in LETTER_LANGUAGES else "en"


@dataclass(frozen=True)
class MeasureLine:
    name: str
    total: str
    band: str
    caseness: bool | None


def measures_at_assessment(referral: Referral, descriptor: str | None = None) -> list[MeasureLine]:
    """The earliest response per instrument on this referral: the scores at assessment, the
    assessment's own measure set first (``assessment_measure_codes``)."""
    catalogue = load_catalogue()
    earliest: dict[str, MeasureResponse] = {}
    for response in MeasureResponse.objects.filter(referral=referral).order_by("completed_at", "id"):
        earliest.setdefault(response.instrument, response)
    order = {code: i for i, code in enumerate(assessment_measure_codes(descriptor))}
    lines = []
    for code in sorted(earliest, key=lambda c: (order.get(c, len(order)), c)):
        response = earliest[code]
        instrument = catalogue.get(code)
        total = response.total
        lines.append(
            MeasureLine(
                name=instrument.name if instrument else code,
                total=f"{total:g}",
                band=translated(response.band_label, "score"),  # the letter's language
                caseness=response.caseness,
            )
        )
    return lines


# --- Rendering -----------------------------------------------------------------------


def client_identifier(client: Client, service: Service) -> tuple[str, str]:
    """The identifier the recipient knows the client by: NHS number, Teudat Zehut or ours."""
    if client.nhs_number and (service.country == Service.Country.ENGLAND or not client.israeli_id):
        n = client.nhs_number
        return _("NHS number"), f"{n[:3]} {n[3:6]} {n[6:]}" if len(n) == 10 else n
    if client.israeli_id:
        return _("ID number"), client.israeli_id
    return _("Our reference"), client.reference


# Unicode's explicit direction controls: embeddings and overrides (U+202A-U+202E), isolates
# (U+2066-U+2069), the left-to-right / right-to-left marks (U+200E, U+200F) and the Arabic
# letter mark (U+061C). Typed into a name, an override would reverse the letter's own text
# after it ("Trojan Source"), so data never brings its own.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def strip_bidi(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def isolate(text: str) -> str:
    """Wrap each line in Unicode first-strong isolates, so that data in one script keeps its
    own direction inside a letter in another (an English address in a Hebrew letter); the
    data's own direction controls are removed first."""
    lines = strip_bidi(text).strip().splitlines()
    return "\n".join(f"\u2068{line.strip()}\u2069" for line in lines if line.strip())


def bdi(text: str) -> SafeString | str:
    """A name for a letter: isolated, and in <bdi> so HTML keeps its direction to itself."""
    isolated = isolate(text)
    return format_html("<bdi>{}</bdi>", isolated) if isolated else ""


def letter_context(*, assessment: Assessment, decision: StepDecision, recipient: str, today: date) -> dict:
    referral = assessment.referral
    client = referral.client
    service = client.service
    # A reviewed decision always carries the agreed step (and no intervention off-service).
    if decision.decided_step:
        step, intervention = decision.decided_step, decision.decided_intervention
    else:
        step, intervention = decision.proposed_step, decision.proposed_intervention
    id_label, id_value = client_identifier(client, service)
    risk = getattr(assessment, "risk", None)  # None when no risk assessment was recorded
    return {
        "recipient": recipient,
        "service": service,
        "client": client,
        "referral": referral,
        "assessment": assessment,
        "risk": risk,
        "decision": decision,
        "step": step,
        "step_label": Step(step).label,
        "intervention_label": Intervention(intervention).label if intervention else "",
        "in_treatment": step in TREATMENT_STEPS,
        "end_code_label": decision.get_end_code_display() if decision.end_code else "",
        "measures": measures_at_assessment(referral, assessment.descriptor),
        "crisis_contacts": [(strip_bidi(label), strip_bidi(number)) for label, number in service_crisis_contacts(service)],
        "self_referral": referral.source == ReferralSource.SELF,
        "professional_referral": referral.source in (ReferralSource.GP, ReferralSource.OTHER_PROFESSIONAL),
        # Names (in <bdi>), addresses and free text, isolated for the template, without
        # direction controls of their own (phone numbers and IDs are isolated left to right there).
        "text": {
            "client_name": bdi(f"{client.given_name} {client.family_name}"),
            "given_name": bdi(client.given_name),
            "gp_name": bdi(client.gp_name),
            "service_name": bdi(service.name),
            "author": bdi(assessment.practitioner.full_name),
            "reviewer": bdi(decision.reviewed_by.full_name if decision.reviewed_by else ""),
            "service_address": isolate(service.address),
            "service_phone": strip_bidi(service.phone),
            "service_email": strip_bidi(service.email),
            "signature": isolate(service.letter_signature),
            "client_address": isolate(client.address),
            "gp_practice": isolate(client.gp_practice),
            "problem_statement": isolate(assessment.problem_statement),
            "safety_plan": isolate(risk.safety_plan if risk else ""),
            "protective_factors": isolate(risk.protective_factors if risk else ""),
        },
        "id_label": id_label,
        "id_value": strip_bidi(id_value),
        "today": today,
        "agreed_on": timezone.localdate(decision.reviewed_at) if decision.reviewed_at else None,
        "author": assessment.practitioner,
        "reviewer": decision.reviewed_by,
    }


def letter_html(
    *,
    assessment: Assessment,
    decision: StepDecision,
    recipient: str,
    language: str,
    today: date,
    preview: bool = False,
) -> str:
    """The letter as HTML, rendered in the recipient's language: a whole document for the
    PDF, or (``preview``) the same letter as an <article> to show inside a page."""
    with translation.override(language):
        context = letter_context(assessment=assessment, decision=decision, recipient=recipient, today=today)
        context |= {"language": language, "rtl": language in RTL_LANGUAGES, "preview": preview}
        template = f"assessment/letters/{recipient}.html"
        return render_to_string(template, context)


def html_to_pdf(html: str) -> bytes:
    """Render with WeasyPrint, imported here so the app starts on a machine without pango."""
    try:
        from weasyprint import HTML
    except OSError as exc:  # pango / cairo system libraries missing
        logger.error("WeasyPrint cannot load its system libraries: %s", exc)
        raise ValidationError(
            _(
                "Letters cannot be made on this server yet: it lacks the Pango text-layout library "
                "(on Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0). "
                "Please tell your administrator."
            )
        ) from exc
    return HTML(string=html).write_pdf()


# --- Writes --------------------------------------------------------------------------


def _checked_decision(*, actor: User, assessment: Assessment, recipient: str, language: str) -> StepDecision:
    """The agreed decision a letter is written from, or the reason it cannot be written yet."""
    if not actor.is_clinician:
        raise PermissionDenied
    if recipient not in Letter.Recipient.values:
        raise ValidationError({"recipient": _("Choose who the letter is for.")})
    if language not in LETTER_LANGUAGES:
        raise ValidationError({"language": _("Letters can be written in English, Hebrew or Arabic.")})
    decision = agreed_decision(assessment)
    if decision is None:
        raise ValidationError(
            _("A letter can be written once a senior clinician has agreed the care path for this assessment.")
        )
    return decision


def letter_preview(*, actor: User, assessment: Assessment, recipient: str, language: str) -> str:
    """The letter as it would be written now, as HTML for a page: no PDF, nothing stored.
    Refused for the same reasons as ``letter_create``."""
    decision = _checked_decision(actor=actor, assessment=assessment, recipient=recipient, language=language)
    return letter_html(
        assessment=assessment, decision=decision, recipient=recipient, language=language,
        today=timezone.localdate(), preview=True,
    )


@transaction.atomic
def letter_create(*, actor: User, assessment: Assessment, recipient: str, language: str) -> Letter:
    """Write the assessment outcome letter to the GP or the client and store its PDF.

    Refused until a senior clinician has agreed the care path for this assessment.
    """
    decision = _checked_decision(actor=actor, assessment=assessment, recipient=recipient, language=language)
    referral = assessment.referral
    today = timezone.localdate()
    pdf = html_to_pdf(
        letter_html(assessment=assessment, decision=decision, recipient=recipient, language=language, today=today)
    )
    letter = Letter(referral=referral, assessment=assessment, recipient=recipient, language=language, created_by=actor)
    # No client name in the file name: the storage folder is not access-controlled.
    name = f"letter-{referral.pk}-{recipient}-{language}-{timezone.now():%Y%m%d%H%M%S}.pdf"
    letter.pdf.save(name, ContentFile(pdf), save=False)
    try:
        letter.full_clean()
        letter.save()
        audit_record(
            actor=actor,
            action="create",
            obj=letter,
            client_id=referral.client_id,
            detail={"recipient": recipient, "language": language},
        )
    except Exception:
        letter.pdf.delete(save=False)
        raise
    return letter


@transaction.atomic
def letter_withdraw(*, actor: User, letter: Letter, reason: str) -> Letter:
    """Withdraw a wrong letter: it is kept (and can still be opened) but marked withdrawn
    with who, when and why, and is no longer offered as the current letter."""
    if not actor.is_clinician:
        raise PermissionDenied
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.withdrawn_at is not None:
        raise ValidationError(_("This letter was already withdrawn."))
    reason = strip_bidi(reason).strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the letter is withdrawn.")})
    letter.withdrawn_at = timezone.now()
    letter.withdrawn_by = actor
    letter.withdrawn_reason = reason
    letter.full_clean()
    letter.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    # The reason may name the client: it stays on the letter, not in the audit detail.
    audit_record(
        actor=actor,
        action="change",
        obj=letter,
        client_id=letter.referral.client_id,
        detail={"withdrawn": True, "recipient": letter.recipient},
    )
    return letter


def letter_viewed(*, actor: User, letter: Letter) -> None:
    """Opening a letter is a view of the client record (docs/architecture.md, record views)."""
    audit_record(actor=actor, action="view", obj=letter, client_id=letter.referral.client_id)
