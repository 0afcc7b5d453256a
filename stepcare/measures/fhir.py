"""FHIR R4 renderings: an instrument as a Questionnaire; a response as a
QuestionnaireResponse plus an Observation of the total (LOINC / SNOMED CT codes from the
instrument data, docs/clinical-definitions.md §1.10–§1.17). Plain dicts (JSON-ready); the tests validate them
with ``fhir.resources`` R4B models.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from stepcare.measures.catalogue import Wording, option_label, wording_for
from stepcare.measures.engine import Instrument
from stepcare.measures.models import CompletedVia, MeasureResponse

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
STEPCARE_SYSTEM = "urn:stepcare:instrument"
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:stepcare")


def questionnaire_url(instrument: Instrument) -> str:
    return f"{STEPCARE_SYSTEM}:{instrument.code}"


def _total_codings(instrument: Instrument) -> list[dict[str, str]]:
    codes = instrument.codes
    codings = []
    if codes.loinc:
        codings.append({"system": LOINC, "code": codes.loinc, "display": f"{instrument.name} total score"})
    if codes.snomed:
        codings.append({"system": SNOMED, "code": codes.snomed})
    if not codings:  # no standard code: our own, so the Observation still says what it is
        codings.append({"system": STEPCARE_SYSTEM, "code": f"{instrument.code}-total"})
    return codings


def _fhir_id(text: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in text)[:64]


def questionnaire(instrument: Instrument, language: str = "en") -> dict[str, Any]:
    """The instrument as a Questionnaire. Data-entry-only instruments carry their short
    labels only (their wording is licensed)."""
    wording = wording_for(instrument, language)
    items = []
    for item in instrument.items:
        options = instrument.options_for(item)
        entry: dict[str, Any] = {
            "linkId": item.id,
            "prefix": str(item.number),
            "text": wording.items.get(item.id) or item.label,
            "type": "choice",
            "required": item.scored and not item.optional,
            "answerOption": [
                {
                    "valueCoding": {
                        "system": f"{questionnaire_url(instrument)}:{item.option_set}",
                        "code": str(option.score),
                        "display": option_label(instrument, item, option.score, wording),
                    },
                    "extension": [{"url": ORDINAL_VALUE, "valueDecimal": option.score}],
                }
                for option in options.options
            ],
        }
        items.append(entry)
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": _fhir_id(instrument.code.lower()),
        "url": questionnaire_url(instrument),
        "version": instrument.version,
        "name": instrument.code,
        "title": instrument.name,
        "status": "active",
        "subjectType": ["Patient"],
        "copyright": instrument.licence,
        "code": _total_codings(instrument),
        "item": items,
    }
    if wording.language:
        resource["language"] = wording.language
    if wording.stem:
        resource["description"] = wording.stem
    return resource


def _ref_uuid(kind: str, pk: int) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{pk}')}"


def questionnaire_response(response: MeasureResponse, instrument: Instrument) -> dict[str, Any]:
    wording = wording_for(instrument, response.language) if response.language else Wording(language="")
    items = []
    for item in instrument.items:
        answer = response.answers.get(item.id)
        entry: dict[str, Any] = {"linkId": item.id, "text": wording.items.get(item.id) or item.label}
        if answer is not None:
            entry["answer"] = [
                {
                    "valueCoding": {
                        "system": f"{questionnaire_url(instrument)}:{item.option_set}",
                        "code": str(answer),
                        "display": option_label(instrument, item, answer, wording),
                    }
                }
            ]
        items.append(entry)
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": f"measure-response-{response.pk}",
        "questionnaire": f"{questionnaire_url(instrument)}|{response.instrument_version}",
        "status": "completed",
        "subject": {"reference": f"Patient/{response.client_id}"},
        "authored": timezone.localtime(response.completed_at).isoformat(),
        "item": items,
    }
    if response.language:
        resource["language"] = response.language
    if response.completed_via == CompletedVia.PORTAL:
        resource["author"] = resource["source"] = {"reference": f"Patient/{response.client_id}"}
    elif response.completed_by_id:
        resource["author"] = {"reference": f"Practitioner/{response.completed_by_id}"}
    return resource


def total_observation(response: MeasureResponse, instrument: Instrument, *, derived_from: str) -> dict[str, Any]:
    resource: dict[str, Any] = {
        "resourceType": "Observation",
        "id": f"measure-total-{response.pk}",
        "status": "final",
        "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}],
        "code": {"coding": _total_codings(instrument), "text": f"{instrument.name} total score"},
        "subject": {"reference": f"Patient/{response.client_id}"},
        "effectiveDateTime": timezone.localtime(response.completed_at).isoformat(),
        "valueQuantity": {"value": response.total, "unit": "{score}", "system": UCUM, "code": "{score}"},
        "derivedFrom": [{"reference": derived_from}],
    }
    if response.band_label:
        resource["interpretation"] = [{"text": response.band_label}]
    if response.completed_by_id:
        resource["performer"] = [{"reference": f"Practitioner/{response.completed_by_id}"}]
    return resource


def response_bundle(response: MeasureResponse, instrument: Instrument) -> dict[str, Any]:
    """A collection Bundle: the QuestionnaireResponse and the Observation of its total."""
    qr_url = _ref_uuid("QuestionnaireResponse", response.pk)
    return {
        "resourceType": "Bundle",
        "id": f"measure-response-{response.pk}-bundle",
        "type": "collection",
        "timestamp": timezone.now().isoformat(),
        "entry": [
            {"fullUrl": qr_url, "resource": questionnaire_response(response, instrument)},
            {
                "fullUrl": _ref_uuid("Observation", response.pk),
                "resource": total_observation(response, instrument, derived_from=qr_url),
            },
        ],
    }
