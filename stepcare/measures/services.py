"""Writes for measures: each scores with the engine, validates, saves and audits in one
transaction, and raises a risk alert whenever a saved response has a risk flag."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from stepcare.accounts.models import User
from stepcare.audit.services import audit_record
from stepcare.clients.models import Referral
from stepcare.measures.catalogue import available_languages, instrument_get
from stepcare.measures.engine import (
    AnswerError,
    Translation,
    load_catalogue,
    load_translation_file,
    score,
)
from stepcare.measures.models import CompletedVia, InstrumentTranslation, MeasureResponse
from stepcare.risk.models import AlertSource, RiskAlert
from stepcare.risk.reasons import alert_reason
from stepcare.risk.services import risk_alert_raise

# A device clock a little ahead of the server's is not "the future".
CLOCK_SKEW = timedelta(minutes=5)


@transaction.atomic
def measure_response_record(
    *,
    actor: User | None,
    referral: Referral,
    instrument_code: str,
    answers: dict[str, int | None],
    completed_at: datetime,
    language: str,
    via: str = CompletedVia.SESSION,
    context: dict[str, Any] | None = None,
) -> MeasureResponse:
    """Score ``answers`` with the engine and store them with the results.

    Refuses (``ValidationError``, nothing stored) answers the engine refuses, naming the
    item; a completion time in the future or before the referral; a language the
    instrument is not available in. A risk flag (PHQ-9 item 9 above 0, CORE-10 item 6,
    a blank risk item) raises a risk alert in the same transaction.
    """
    instrument = instrument_get(instrument_code)
    context = {key: True for key, value in (context or {}).items() if value}
    try:
        result = score(instrument, answers, context=context)
    except AnswerError as error:
        raise ValidationError({"answers": str(error)}) from error
    if timezone.is_naive(completed_at):
        raise ValidationError({"completed_at": _("The completion time must include a time zone.")})
    if completed_at > timezone.now() + CLOCK_SKEW:
        raise ValidationError({"completed_at": _("A questionnaire cannot be completed in the future.")})
    if timezone.localdate(completed_at) < referral.received_on:
        raise ValidationError({"completed_at": _("This is before the referral was received.")})
    if language not in available_languages(instrument) and not (language == "" and instrument.data_entry_only):
        raise ValidationError({"language": _("This questionnaire is not available in that language.")})
    if via not in CompletedVia.values:
        raise ValidationError({"completed_via": _("Unknown way of completing a questionnaire.")})

    response = MeasureResponse(
        referral=referral,
        client_id=referral.client_id,
        instrument=instrument.code,
        instrument_version=instrument.version,
        language=language,
        answers=dict(result.answers),
        context=context,
        results=result.as_dict(),
        total=result.total,
        band_key=result.band_key or "",
        caseness=result.caseness,
        has_risk=bool(result.risk_flags),
        completed_by=actor if via == CompletedVia.SESSION else None,
        completed_via=via,
        completed_at=completed_at,
    )
    response.full_clean()
    response.save()
    audit_record(
        actor=actor, action="create", obj=response, client_id=referral.client_id,
        detail={"instrument": instrument.code},
    )
    if response.has_risk:
        measure_risk_alert_raise(response=response, actor=actor)
    return response


def measure_risk_alert_raise(*, response: MeasureResponse, actor: User | None, at: datetime | None = None) -> RiskAlert:
    """The alert for a response with a risk flag (the engine's rule: PHQ-9 item 9 above 0,
    CORE-10 item 6, a blank risk item). Entry forms and the synthetic generator raise it here.
    Its facts are each flagged item's number and answer (None when left blank)."""
    flags = response.results.get("risk_flags") or []
    if not flags:
        raise ValueError("this response has no risk flag")
    items = {item.id: item.number for item in load_catalogue()[response.instrument].items}
    return risk_alert_raise(
        referral=response.referral,
        source=AlertSource.MEASURE,
        reason=MEASURE_RISK_ITEM,
        facts={
            "instrument": response.instrument,
            "items": [
                {"number": items.get(flag["item"], 0), "value": response.answers.get(flag["item"]) if flag["answered"] else None}
                for flag in flags
            ],
        },
        source_id=response.pk,
        raised_by=actor,
        at=at,
    )


MEASURE_RISK_ITEM = "measure_risk_item"


@alert_reason(MEASURE_RISK_ITEM)
def _measure_risk_wording(facts: Mapping[str, Any]) -> str:
    """E.g. "PHQ-9 item 9 (a risk item) was answered 2: review risk." """
    catalogue = load_catalogue()
    code = facts["instrument"]
    name = catalogue[code].name if code in catalogue else code
    if name.endswith(")") and "(" in name:
        name = name.rsplit("(", 1)[1][:-1]  # "Patient Health Questionnaire-9 (PHQ-9)" -> "PHQ-9"
    sentences = []
    for item in facts["items"]:
        if item["value"] is None:
            sentences.append(_(
                "%(instrument)s item %(number)s (a risk item) was left blank. \"Not answered\" is not the "
                "same as \"no\": ask the client about it and review risk."
            ) % {"instrument": name, "number": item["number"]})
        else:
            sentences.append(_("%(instrument)s item %(number)s (a risk item) was answered %(value)s: review risk.") % {
                "instrument": name, "number": item["number"], "value": item["value"],
            })
    return " ".join(sentences)


@transaction.atomic
def instrument_translation_load(*, actor: User | None, path: Path) -> InstrumentTranslation:
    """Validate a translation file with the engine and store it (replacing an earlier load of
    the same instrument version and language). ``TranslationError`` names the first mismatch."""
    translation = load_translation_file(path)
    existing = InstrumentTranslation.objects.filter(
        instrument=translation.instrument, version=translation.version, language=translation.language
    ).first()
    row = existing or InstrumentTranslation(
        instrument=translation.instrument, version=translation.version, language=translation.language
    )
    row.provenance = translation.provenance
    row.licence = translation.licence
    row.wording = _wording(translation)
    row.source_file = path.name[:255]
    row.loaded_by = actor
    row.loaded_at = timezone.now()
    row.full_clean()
    row.save()
    audit_record(
        actor=actor, action="change" if existing else "create", obj=row,
        detail={"instrument": row.instrument, "language": row.language},
    )
    return row


def _wording(translation: Translation) -> dict[str, Any]:
    return {
        "stem": translation.stem,
        "items": dict(translation.items),
        "option_labels": {
            key: {str(score): label for score, label in labels.items()}
            for key, labels in translation.option_labels.items()
        },
    }
