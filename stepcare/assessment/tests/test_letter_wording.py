"""Letters: wording by referral source, the letterhead, crisis contacts from the service's
settings, direction controls in names, the preview and withdrawal."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from stepcare.assessment import letters
from stepcare.assessment.letter_views import _referral_page
from stepcare.assessment.models import Letter, StepDecision
from stepcare.assessment.tests.test_letters import agreed, foreign_letter  # noqa: F401 - fixtures
from stepcare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def _html(agreed, recipient="gp", language="en"):  # noqa: F811
    return letters.letter_html(
        assessment=agreed.assessment, decision=agreed.decision, recipient=recipient, language=language,
        today=timezone.localdate(),
    )


def _source(agreed, source):  # noqa: F811
    agreed.referral.source = source
    agreed.referral.save()


def test_gp_referral_is_thanked(world, agreed):  # noqa: F811
    _source(agreed, "gp")

    html = _html(agreed)

    assert "Thank you for referring <bdi>\u2068Dana Alpha\u2069</bdi> to our service." in html
    assert "referred themselves" not in html


def test_other_professional_is_thanked_too(world, agreed):  # noqa: F811
    _source(agreed, "professional")

    assert "Thank you for referring" in _html(agreed)


def test_self_referral_is_not_thanked_for_a_referral(world, agreed):  # noqa: F811
    _source(agreed, "self")

    html = _html(agreed)

    assert "referred themselves to our service" in html
    assert "We are writing to let you know" in html
    assert "Thank you for" not in html


def test_community_referral_says_who_referred(world, agreed):  # noqa: F811
    _source(agreed, "community")

    html = _html(agreed)

    assert "was referred to our service by a community service" in html
    assert "Thank you for" not in html


def test_letterhead_has_the_service_contact_details_and_signature(world, agreed):  # noqa: F811
    service = agreed.client.service
    service.email, service.letter_signature = "hello@service.example", "Dr Lee Lead\nClinical lead"
    service.save()

    html = _html(agreed, recipient="client")

    assert "Test service" in html and "1 Weizmann St" in html
    assert "03-555-0101" in html and "hello@service.example" in html
    assert "Dr Lee Lead" in html
    assert "call us on the number at the top of this letter" in html


def test_no_call_us_line_when_the_service_has_no_phone(world, agreed):  # noqa: F811
    service = agreed.client.service
    service.phone = ""
    service.save()

    html = _html(agreed, recipient="client")

    assert "number at the top" not in html
    assert "Phone:" not in html


def test_client_letter_lists_the_service_own_crisis_contacts(world, agreed):  # noqa: F811
    service = agreed.client.service
    service.crisis_contacts = [{"label": "Night line of the Tel Aviv clinic", "number": "+972 3 555 0199"}]
    service.save()

    html = _html(agreed, recipient="client")

    assert "Night line of the Tel Aviv clinic" in html and "+972 3 555 0199" in html
    assert "1201" not in html


def test_england_service_gives_its_crisis_lines_in_the_client_letter(world, agreed):  # noqa: F811
    service = agreed.client.service
    service.country = "GB"
    service.save()

    html = _html(agreed, recipient="client")

    for expected in ("999", "111", "option 2", "116 123", "Samaritans"):
        assert expected in html
    assert "1201" not in html


def test_direction_controls_in_names_are_removed_and_names_isolated(world, agreed):  # noqa: F811
    client = agreed.client
    # RIGHT-TO-LEFT OVERRIDE in a name would reverse everything after it.
    client.given_name, client.family_name = "Dana\u202e", "Alpha\u2066\u200f\u061c"
    client.gp_name = "Dr \u202dRuth\u202c Levi"
    client.save()
    agreed.assessment.problem_statement = "Low \u2067mood\u2069 and worry"
    agreed.assessment.save()

    for recipient in ("gp", "client"):
        html = _html(agreed, recipient=recipient, language="he")
        for control in "\u202a\u202b\u202c\u202d\u202e\u200e\u200f\u061c":
            assert control not in html, (recipient, hex(ord(control)))
        # The only isolates left are the letter's own, in pairs.
        assert html.count("\u2066") + html.count("\u2067") + html.count("\u2068") == html.count("\u2069")
        assert "\u2067" not in html
        assert "<bdi>\u2068Dana Alpha\u2069</bdi>" in html
    assert "<bdi>\u2068Dr Ruth Levi\u2069</bdi>" in _html(agreed)


# --- Preview ------------------------------------------------------------------------


def test_preview_shows_the_letter_and_stores_nothing(world, agreed, login):  # noqa: F811
    client = login(world.pwp_a1)

    response = client.get(reverse("letters:preview", args=[agreed.referral.pk]), {"recipient": "client", "language": "en"})

    assert response.status_code == 200
    body = response.content.decode()
    assert '<article class="letter-sheet" lang="en" dir="ltr"' in body
    assert "<!DOCTYPE html>" not in body.split("<article", 1)[1]  # the letter, not a second document
    assert "If you feel unsafe or in crisis" in body and "1201" in body
    assert "Make the PDF" in body and reverse("letters:new", args=[agreed.referral.pk]) in body
    assert Letter.objects.count() == 0
    assert AuditEvent.objects.filter(action="view", client_id=agreed.client.pk).exists()
    assert not AuditEvent.objects.filter(object_type="assessment.letter").exists()


def test_preview_in_hebrew_is_right_to_left(world, agreed, login):  # noqa: F811
    response = login(world.pwp_a1).get(
        reverse("letters:preview", args=[agreed.referral.pk]), {"recipient": "gp", "language": "he"}
    )

    assert response.status_code == 200
    assert '<article class="letter-sheet" lang="he" dir="rtl"' in response.content.decode()


def test_preview_before_the_care_path_is_agreed_says_why(world, agreed, login):  # noqa: F811
    agreed.decision.status = StepDecision.Status.PROPOSED
    agreed.decision.save()

    response = login(world.pwp_a1).get(
        reverse("letters:preview", args=[agreed.referral.pk]), {"recipient": "gp"}, follow=True
    )

    assert response.status_code == 200
    assert "senior clinician has agreed the care path" in response.content.decode()
    assert Letter.objects.count() == 0


@pytest.mark.parametrize("query", [{}, {"recipient": "boss"}, {"recipient": "gp", "language": "ru"}])
def test_preview_with_bad_input_goes_back_with_a_message(world, agreed, login, query):  # noqa: F811
    response = login(world.pwp_a1).get(reverse("letters:preview", args=[agreed.referral.pk]), query)

    assert response.status_code == 302
    assert response["Location"] == _referral_page(agreed.referral)
    assert Letter.objects.count() == 0


def test_preview_of_a_referral_the_pwp_may_not_see_is_404(world, agreed, login):  # noqa: F811
    response = login(world.pwp_b).get(reverse("letters:preview", args=[agreed.referral.pk]), {"recipient": "gp"})

    assert response.status_code == 404


def test_managers_and_admins_get_no_preview(world, agreed, login):  # noqa: F811
    for persona in (world.manager, world.admin):
        response = login(persona).get(reverse("letters:preview", args=[agreed.referral.pk]), {"recipient": "gp"})
        assert response.status_code == 403


# --- Withdrawal ---------------------------------------------------------------------


@pytest.fixture
def written(world, agreed):  # noqa: F811
    return Letter.objects.create(
        referral=agreed.referral, assessment=agreed.assessment, recipient="client", language="en",
        pdf="letters/not-rendered.pdf", created_by=world.pwp_a1,
    )


def test_pwp_withdraws_a_wrong_letter_with_a_reason(world, agreed, written, login):  # noqa: F811
    client = login(world.pwp_a1)
    url = reverse("letters:withdraw", args=[written.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"reason": "Wrong date of birth on the letter."})

    assert response.status_code == 302
    assert response["Location"] == _referral_page(agreed.referral)
    written.refresh_from_db()
    assert written.withdrawn_at is not None and written.withdrawn_by == world.pwp_a1
    assert written.withdrawn_reason == "Wrong date of birth on the letter."
    event = AuditEvent.objects.get(action="change", object_type="assessment.letter")
    assert event.object_id == str(written.pk) and event.client_id == agreed.client.pk
    assert "Wrong date" not in str(event.detail)  # the reason stays on the letter
    page = client.get(reverse("letters:new", args=[agreed.referral.pk])).content.decode()
    assert "letter-withdrawn" in page and "Wrong date of birth on the letter." in page
    assert reverse("letters:pdf", args=[written.pk]) in page  # still there to open
    assert reverse("letters:withdraw", args=[written.pk]) not in page  # not offered again


def test_withdrawal_needs_a_reason(world, written, login):
    response = login(world.pwp_a1).post(reverse("letters:withdraw", args=[written.pk]), {"reason": "   "})

    assert response.status_code == 200
    assert "Say why the letter is withdrawn." in response.content.decode()
    written.refresh_from_db()
    assert written.withdrawn_at is None
    assert not AuditEvent.objects.filter(action="change", object_type="assessment.letter").exists()


def test_a_letter_is_withdrawn_once(world, written):
    letters.letter_withdraw(actor=world.pwp_a1, letter=written, reason="Wrong care path.")

    with pytest.raises(Exception, match="already withdrawn"):
        letters.letter_withdraw(actor=world.supervisor_a, letter=written, reason="Again.")

    written.refresh_from_db()
    assert written.withdrawn_by == world.pwp_a1 and written.withdrawn_reason == "Wrong care path."


@pytest.mark.parametrize("persona", ["pwp_b", "pwp_a2", "pwp_c"])
def test_withdrawing_a_letter_the_pwp_may_not_see_is_404(world, written, login, persona):
    response = login(getattr(world, persona)).post(reverse("letters:withdraw", args=[written.pk]), {"reason": "x"})

    assert response.status_code == 404
    written.refresh_from_db()
    assert written.withdrawn_at is None
