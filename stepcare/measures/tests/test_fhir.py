"""The FHIR R4 renderings validate against a maintained model library (fhir.resources, R4B)."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from stepcare.measures import fhir
from stepcare.measures.engine import load_catalogue
from stepcare.measures.tests.helpers import GAD7_MILD, PHQ9_MODERATE, record


@pytest.mark.django_db
@pytest.mark.parametrize("code", list(load_catalogue()))
def test_every_instrument_renders_as_a_valid_questionnaire(code):
    instrument = load_catalogue()[code]
    resource = Questionnaire.model_validate(fhir.questionnaire(instrument))
    assert resource.url == f"urn:stepcare:instrument:{code}"
    assert len(resource.item) == len(instrument.items)


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "answers", "loinc", "snomed"), [
    ("PHQ9", PHQ9_MODERATE, "44261-6", "720433000"),
    ("GAD7", GAD7_MILD, "70274-6", "445455005"),
])
def test_response_renders_as_questionnaire_response_and_total_observation(world, code, answers, loinc, snomed):
    response = record(world.client_a1.referrals.get(), code, answers)
    instrument = load_catalogue()[code]
    data = fhir.response_bundle(response, instrument)

    bundle = Bundle.model_validate(data)
    qr = QuestionnaireResponse.model_validate(data["entry"][0]["resource"])
    observation = Observation.model_validate(data["entry"][1]["resource"])
    assert bundle.type == "collection"
    assert qr.status == "completed" and qr.questionnaire == f"urn:stepcare:instrument:{code}|1"
    answered = [item for item in qr.item if item.answer]
    assert len(answered) == sum(v is not None for v in answers.values())
    codes = {(c.system, c.code) for c in observation.code.coding}
    assert ("http://loinc.org", loinc) in codes and ("http://snomed.info/sct", snomed) in codes
    assert float(observation.valueQuantity.value) == response.total
    assert observation.derivedFrom[0].reference == data["entry"][0]["fullUrl"]


@pytest.mark.django_db
def test_pwp_downloads_the_fhir_bundle_of_a_response(login, world):
    response = record(world.client_a1.referrals.get(), "PHQ9", PHQ9_MODERATE)
    download = login(world.pwp_a1).get(f"/measures/responses/{response.pk}/fhir.json")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("application/fhir+json")
    Bundle.model_validate(download.json())
