"""Assessment outcome letters: PDF to the GP and to the client, in their language."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone, translation

from stepcare.accounts.models import Service
from stepcare.assessment import letters
from stepcare.assessment.letter_views import _referral_page
from stepcare.assessment.models import Assessment, Letter, RiskAssessment, StepDecision
from stepcare.audit.models import AuditEvent


def _weasyprint_problem() -> str | None:
    """Why WeasyPrint cannot run here (system libraries missing), or None."""
    try:
        import weasyprint  # noqa: F401
    except OSError as exc:
        return f"WeasyPrint cannot load pango/cairo ({exc}); .ci/run installs them"
    return None


needs_pdf = pytest.mark.skipif(_weasyprint_problem() is not None, reason=str(_weasyprint_problem()))


def make_agreed_assessment(referral, *, reviewer, status=StepDecision.Status.APPROVED, step="step2", intervention="ba"):
    """Assessment + risk assessment + care-path decision, straight into the database."""
    assessment = Assessment.objects.create(
        referral=referral,
        practitioner=referral.allocated_pwp,
        assessed_on=date.today() - timedelta(days=3),
        status=Assessment.Status.COMPLETE,
        problem_statement="Low mood since losing my job; stopped seeing friends; off work.",
        problem_areas=["low_mood"],
        descriptor="F32",
    )
    RiskAssessment.objects.create(
        assessment=assessment,
        suicidal_thoughts="passive",
        level="moderate",
        protective_factors="Close to her sister.",
        safety_plan="Call my sister Tamar; go for a walk; call ERAN.",
    )
    reviewed = status != StepDecision.Status.PROPOSED
    decision = StepDecision.objects.create(
        referral=referral,
        assessment=assessment,
        proposed_by=referral.allocated_pwp,
        proposed_at=timezone.now(),
        proposed_step=step,
        proposed_intervention=intervention,
        rationale="Moderate depression.",
        client_choice="Individual sessions by phone.",
        status=status,
        reviewed_by=reviewer if reviewed else None,
        reviewed_at=timezone.now() if reviewed else None,
        decided_step=step if reviewed else "",
        decided_intervention=intervention if reviewed else "",
    )
    return assessment, decision


def foreign_letter(world, persona_name):
    """A letter on a referral the persona must not see (used by the persona access test)."""
    referral = world.foreign_referral(persona_name)
    letter = Letter.objects.filter(referral=referral).first()
    if letter:
        return letter
    assessment, _decision = make_agreed_assessment(referral, reviewer=world.supervisor_a)
    return Letter.objects.create(
        referral=referral, assessment=assessment, recipient="gp", language="en",
        pdf="letters/not-rendered.pdf", created_by=referral.allocated_pwp,
    )


@pytest.fixture(autouse=True)
def _files_in_tmp(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)},
    }}


@pytest.fixture
def agreed(world):
    client = world.client_a1
    client.gp_name = "Dr Ruth Levi"
    client.gp_practice = "Clalit, Ramat Aviv clinic"
    client.israeli_id = "123456782"
    client.address = "12 Herzl St\nTel Aviv"
    client.save()
    service = client.service
    service.address = "1 Weizmann St\nTel Aviv"
    service.phone = "03-555-0101"
    service.save()
    referral = client.referrals.get()
    assessment, decision = make_agreed_assessment(referral, reviewer=world.supervisor_a)
    return SimpleNamespace(client=client, referral=referral, assessment=assessment, decision=decision)


def pdf_text(letter: Letter) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    out = subprocess.run([pdftotext, "-enc", "UTF-8", letter.pdf.path, "-"], check=True, capture_output=True)
    # pdftotext marks right-to-left runs with bidi controls, and the letters isolate data; drop them.
    text = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", out.stdout.decode())
    return " ".join(text.split())


def date_in(language: str, value: date) -> str:
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


# --- The service ----------------------------------------------------------------------


@needs_pdf
def test_gp_letter_in_english_has_the_clinical_summary(world, agreed):
    letter = letters.letter_create(actor=world.pwp_a1, assessment=agreed.assessment, recipient="gp", language="en")

    letter.refresh_from_db()
    assert letter.referral == agreed.referral and letter.created_by == world.pwp_a1
    assert letter.pdf.name.startswith("letters/") and "Dana" not in letter.pdf.name
    assert letter.pdf.open("rb").read(5) == b"%PDF-"
    text = pdf_text(letter)
    for expected in [
        "Test service", "03-555-0101", "Dr Ruth Levi", "Re: Dana Alpha", "123456782",
        "Low mood since losing my job", "Depression", "Risk level: Moderate", "Call my sister Tamar",
        "Step 2 low-intensity intervention: Behavioural activation", "Alice Pwp",
        f"Care path agreed by Sam Supervisor, {date_in('en', timezone.localdate())}",
    ]:
        assert expected in text, expected
    assert "ERAN" not in text.replace("call ERAN", "")  # crisis lines are for the client's letter
    event = AuditEvent.objects.get(action="create", object_type="assessment.letter")
    assert event.object_id == str(letter.pk) and event.client_id == agreed.client.pk
    assert event.detail == {"recipient": "gp", "language": "en"}


@needs_pdf
def test_client_letter_in_hebrew_is_right_to_left_with_israeli_crisis_lines(world, agreed):
    agreed.client.given_name, agreed.client.family_name = "נועה", "כהן"
    agreed.client.save()

    html = letters.letter_html(
        assessment=agreed.assessment, decision=agreed.decision, recipient="client", language="he",
        today=timezone.localdate(),
    )
    assert '<html lang="he" dir="rtl">' in html
    letter = letters.letter_create(actor=world.pwp_a1, assessment=agreed.assessment, recipient="client", language="he")

    text = pdf_text(letter)
    assert "נועה כהן" in text
    hebrew_month = re.sub(r"[\d\s]", "", date_in("he", timezone.localdate()))  # e.g. בנובמבר
    assert hebrew_month in text
    for number in ("1201", "101", "100"):
        assert number in text
    assert "Call my sister Tamar" in text  # the safety plan is the client's own
    assert Letter.objects.get().language == "he"


@needs_pdf
def test_gp_letter_in_arabic_is_right_to_left(world, agreed):
    html = letters.letter_html(
        assessment=agreed.assessment, decision=agreed.decision, recipient="gp", language="ar",
        today=timezone.localdate(),
    )
    assert '<html lang="ar" dir="rtl">' in html

    letter = letters.letter_create(actor=world.pwp_a1, assessment=agreed.assessment, recipient="gp", language="ar")

    text = pdf_text(letter)
    assert "Dana Alpha" in text and "Dr Ruth Levi" in text and "123456782" in text


@needs_pdf
def test_client_letter_from_an_english_service_gives_nhs_crisis_lines(world, agreed):
    agreed.client.service.country = Service.Country.ENGLAND
    agreed.client.service.save()
    agreed.client.israeli_id, agreed.client.nhs_number = "", "4857773456"
    agreed.client.save()

    letter = letters.letter_create(actor=world.pwp_a1, assessment=agreed.assessment, recipient="client", language="en")

    text = pdf_text(letter)
    assert "Dear Dana," in text
    assert "NHS number 485 777 3456" in text
    for expected in ("111", "option 2", "999", "116 123", "Samaritans"):
        assert expected in text, expected
    assert "1201" not in text


@needs_pdf
def test_changed_decision_to_step3_tells_gp_it_was_referred_on(world, agreed):
    agreed.decision.status = StepDecision.Status.CHANGED
    agreed.decision.decided_step, agreed.decision.decided_intervention = "step3", ""
    agreed.decision.end_code = "13"
    agreed.decision.save()

    letter = letters.letter_create(actor=world.pwp_a1, assessment=agreed.assessment, recipient="gp", language="en")

    text = pdf_text(letter)
    assert "Step 3 high-intensity therapy." in text
    assert "Behavioural activation" not in text
    assert "Referred to another therapy service" in text


@needs_pdf
@pytest.mark.skipif(not apps.is_installed("stepcare.measures"), reason="the measures app is not installed yet")
def test_gp_letter_gives_the_earliest_score_per_measure(world, agreed):
    response_model = apps.get_model("measures", "MeasureResponse")
    first = timezone.now() - timedelta(days=3)
    for at, total, band in [(first, 14, "Moderate"), (first + timedelta(days=2), 6, "Mild")]:
        response_model.objects.create(
            referral=agreed.referral, client=agreed.client, instrument="PHQ9", instrument_version="1",
            answers={}, results={"band_label": band}, total=total, band_key=band.lower(), caseness=total >= 10,
            completed_via="session", completed_at=at,
        )

    letter = letters.letter_create(actor=world.pwp_a1, assessment=agreed.assessment, recipient="gp", language="en")

    text = pdf_text(letter)
    assert "PHQ-9" in text and "14 Moderate" in text
    assert "Mild" not in text


def test_letter_refused_before_the_care_path_is_agreed(world, agreed):
    agreed.decision.status = StepDecision.Status.PROPOSED
    agreed.decision.save()

    with pytest.raises(ValidationError, match="senior clinician has agreed"):
        letters.letter_create(actor=world.pwp_a1, assessment=agreed.assessment, recipient="gp", language="en")

    assert Letter.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="assessment.letter").exists()


def test_letter_refuses_an_unsupported_language(world, agreed):
    with pytest.raises(ValidationError):
        letters.letter_create(actor=world.pwp_a1, assessment=agreed.assessment, recipient="client", language="ru")
    assert Letter.objects.count() == 0


def test_default_language_follows_the_recipient(world, settings):
    client = world.client_a1
    settings.LANGUAGE_CODE = "ar"  # the installation's language does not decide: the service's does
    client.service.default_language = "he"
    client.preferred_language = "ar"
    assert letters.default_language(recipient="client", client=client) == "ar"
    assert letters.default_language(recipient="gp", client=client) == "he"
    client.service.default_language = "en"
    assert letters.default_language(recipient="gp", client=client) == "en"
    client.preferred_language = "ru"
    assert letters.default_language(recipient="client", client=client) == "en"


# --- The views --------------------------------------------------------------------------


@needs_pdf
def test_pwp_writes_a_letter_and_downloads_it(world, agreed, login):
    client = login(world.pwp_a1)
    url = reverse("letters:new", args=[agreed.referral.pk])

    response = client.post(url, {"recipient": "client", "language": ""})

    assert response.status_code == 302
    assert response["Location"] == _referral_page(agreed.referral)
    letter = Letter.objects.get()
    assert letter.recipient == "client" and letter.language == "he"  # the client's preferred language
    response = client.get(url)
    assert response.status_code == 200
    pdf_url = reverse("letters:pdf", args=[letter.pk])
    assert pdf_url in response.content.decode()

    response = client.get(pdf_url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    viewed = AuditEvent.objects.filter(action="view", object_type="assessment.letter", object_id=str(letter.pk))
    assert viewed.get().client_id == agreed.client.pk


def test_post_before_approval_writes_nothing_and_says_why(world, agreed, login):
    agreed.decision.status = StepDecision.Status.PROPOSED
    agreed.decision.save()
    client = login(world.pwp_a1)

    response = client.post(reverse("letters:new", args=[agreed.referral.pk]), {"recipient": "gp"}, follow=True)

    assert response.status_code == 200
    assert Letter.objects.count() == 0
    assert "senior clinician has agreed the care path" in response.content.decode()


def test_supervisor_sees_the_letters_page(world, agreed, login):
    response = login(world.supervisor_a).get(reverse("letters:new", args=[agreed.referral.pk]))

    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="view", client_id=agreed.client.pk).exists()


def test_letters_page_query_count_does_not_grow_with_letters(world, agreed, login):
    client = login(world.pwp_a1)
    url = reverse("letters:new", args=[agreed.referral.pk])
    client.get(url)  # warm the session (its expiry is written at most once a minute)

    def queries_with(n_letters):
        while Letter.objects.count() < n_letters:
            Letter.objects.create(
                referral=agreed.referral, assessment=agreed.assessment, recipient="gp", language="en",
                pdf="letters/x.pdf", created_by=world.pwp_a1,
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(6)


@pytest.mark.parametrize("persona", ["pwp_b", "pwp_a2"])
def test_pwp_who_may_not_see_the_referral_gets_404(world, agreed, login, persona):
    letter = foreign_letter(world, "pwp_b")  # client_a1's referral
    client = login(getattr(world, persona))

    assert client.get(reverse("letters:pdf", args=[letter.pk])).status_code == 404
    assert client.post(reverse("letters:new", args=[agreed.referral.pk]), {"recipient": "gp"}).status_code == 404
    assert Letter.objects.count() == 1
    assert not AuditEvent.objects.filter(object_type="assessment.letter").exists()


def test_letter_get_is_scoped_through_the_referral(world, agreed):
    letter = foreign_letter(world, "pwp_b")

    assert letters.letter_get(world.pwp_a1, letter.pk) == letter
    assert letters.letter_get(world.supervisor_a, letter.pk) == letter
    for outsider in (world.pwp_b, world.manager, world.admin):
        with pytest.raises(Exception, match="No Letter matches"):
            letters.letter_get(outsider, letter.pk)
