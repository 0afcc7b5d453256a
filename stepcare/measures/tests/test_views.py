from __future__ import annotations

import pytest
from django.utils import timezone

from stepcare.audit.models import AuditEvent
from stepcare.measures.models import MeasureResponse
from stepcare.measures.tests.helpers import GAD7_MILD, PHQ9_MODERATE, record
from stepcare.risk.models import RiskAlert

pytestmark = pytest.mark.django_db


def _form(answers, **extra):
    data = {f"item_{key}": "" if value is None else str(value) for key, value in answers.items()}
    data["completed_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    data["language"] = "en"
    data.update(extra)
    return data


def _referral(world):
    return world.client_a1.referrals.get()


def test_pwp_enters_a_phq9_and_sees_the_result(login, world):
    client = login(world.pwp_a1)
    referral = _referral(world)
    page = client.get(f"/measures/referrals/{referral.pk}/new/PHQ9/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Little interest or pleasure in doing things" in body
    assert 'lang="en" dir="ltr"' in body
    assert "hx-post" in body and "/preview/" in body

    response = client.post(f"/measures/referrals/{referral.pk}/new/PHQ9/", _form(PHQ9_MODERATE))

    assert response.status_code == 302
    stored = MeasureResponse.objects.get()
    assert response["Location"] == f"/measures/responses/{stored.pk}/"
    assert stored.total == 11 and stored.completed_by == world.pwp_a1
    result = client.get(response["Location"]).content.decode()
    assert "Moderate" in result and ">11<" in result
    assert AuditEvent.objects.filter(object_type="measures.measureresponse", action="create").count() == 1


def test_running_total_partial_shows_total_so_far_then_band(login, world):
    client = login(world.pwp_a1)
    url = f"/measures/referrals/{_referral(world).pk}/new/PHQ9/preview/"

    partial = client.post(url, _form({"q1": 2, "q2": 3}), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    body = partial.content.decode()
    assert "<html" not in body
    assert ">5<" in body and "2 of 9 answered" in body

    complete = client.post(url, _form(PHQ9_MODERATE)).content.decode()
    assert ">11<" in complete and "Moderate" in complete and "At caseness" in complete
    assert not MeasureResponse.objects.exists()  # a preview stores nothing


def test_running_total_warns_of_risk_as_soon_as_item_9_is_answered(login, world):
    client = login(world.pwp_a1)
    body = client.post(
        f"/measures/referrals/{_referral(world).pk}/new/PHQ9/preview/", _form({"q9": 2})
    ).content.decode()
    assert "Risk flagged" in body
    assert not RiskAlert.objects.exists()


def test_incomplete_form_without_javascript_is_refused_at_the_items_with_the_total_so_far(login, world):
    client = login(world.pwp_a1)
    answers = dict(PHQ9_MODERATE, q3=None, q4=None)
    response = client.post(f"/measures/referrals/{_referral(world).pk}/new/PHQ9/", _form(answers))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nothing was saved" in body and "Not answered." in body
    assert "7 of 9 answered" in body  # the running total is there without htmx
    assert not MeasureResponse.objects.exists()


def test_phq9_item_9_entered_in_the_form_raises_an_alert_and_shows_the_flag(login, world):
    client = login(world.pwp_a1)
    response = client.post(
        f"/measures/referrals/{_referral(world).pk}/new/PHQ9/", _form(dict(PHQ9_MODERATE, q9=1)), follow=True
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "risk-flag-result" in body and "Risk flagged" in body
    assert RiskAlert.objects.filter(referral=_referral(world), source="measure").count() == 1
    assert "Open risk alerts" in body  # the banner, on the very next page


def test_future_completion_time_is_refused_at_the_field(login, world):
    client = login(world.pwp_a1)
    data = _form(PHQ9_MODERATE, completed_at=(timezone.localtime() + timezone.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    response = client.post(f"/measures/referrals/{_referral(world).pk}/new/PHQ9/", data)
    assert response.status_code == 200
    assert "cannot be completed in the future" in response.content.decode()
    assert not MeasureResponse.objects.exists()


def test_practitioner_is_told_when_the_clients_language_is_missing(login, world):
    world.client_a1.preferred_language = "he"
    world.client_a1.save()
    body = login(world.pwp_a1).get(f"/measures/referrals/{_referral(world).pk}/new/PHQ9/").content.decode()
    assert "not available in the client's preferred language (Hebrew)" in body
    assert "validated “English” version" in body


def test_data_entry_only_instrument_shows_labels_and_the_licensed_form_note(login, world):
    body = login(world.pwp_a1).get(f"/measures/referrals/{_referral(world).pk}/new/WSAS/").content.decode()
    assert "Data entry only" in body and "Home management" in body
    assert "Retired, or not working" in body


def test_history_page_has_table_and_svg_chart_with_caseness_line(login, world):
    referral = _referral(world)
    for days, q1 in ((18, 3), (9, 2), (0, 0)):
        record(referral, "PHQ9", dict(PHQ9_MODERATE, q1=q1), days_ago=days)
    client = login(world.pwp_a1)
    response = client.get(f"/measures/clients/{world.client_a1.pk}/PHQ9/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and 'role="img"' in body and "<title" in body and "<desc" in body
    assert "chart-caseness" in body and "chart-rc" in body
    assert body.count("<tr") >= 4  # header + three scores
    assert AuditEvent.objects.filter(action="view", client_id=world.client_a1.pk).exists()


def test_item_view_shows_which_items_moved(login, world):
    referral = _referral(world)
    record(referral, "PHQ9", dict(PHQ9_MODERATE, q1=3, q2=3), days_ago=10)
    record(referral, "PHQ9", dict(PHQ9_MODERATE, q1=0, q2=3), days_ago=0)
    body = login(world.pwp_a1).get(f"/measures/clients/{world.client_a1.pk}/PHQ9/items/").content.decode()
    assert "1 item changed" in body
    assert "item-better" in body and "−3" in body


def test_client_panel_lists_latest_scores(login, world):
    referral = _referral(world)
    record(referral, "PHQ9", PHQ9_MODERATE, days_ago=3)
    record(referral, "GAD7", GAD7_MILD, days_ago=3)
    body = login(world.pwp_a1).get(f"/measures/clients/{world.client_a1.pk}/").content.decode()
    assert "PHQ9" in body and "GAD7" in body and "Enter PHQ-9" in body


def test_catalogue_shows_every_instrument_with_unverified_badges(login, world):
    from stepcare.measures.engine import load_catalogue

    body = login(world.manager).get("/measures/").content.decode()
    for code in load_catalogue():
        assert code in body
    assert "unverified" in body and "data entry only" in body
    assert "44261-6" in body and "70274-6" in body and "RCI-2nd" in body


def test_instrument_page_and_questionnaire_download(login, world):
    client = login(world.pwp_a1)
    assert "Feeling nervous, anxious or on edge" in client.get("/measures/instruments/GAD7/").content.decode()
    download = client.get("/measures/instruments/GAD7/questionnaire.json")
    assert download.status_code == 200 and download.json()["resourceType"] == "Questionnaire"
    assert client.get("/measures/instruments/NOPE/").status_code == 404


def test_pwp_in_other_team_gets_404_for_history_response_and_form(login, world):
    response = record(_referral(world), "PHQ9")
    client = login(world.pwp_b)
    assert client.get(f"/measures/clients/{world.client_a1.pk}/PHQ9/").status_code == 404
    assert client.get(f"/measures/responses/{response.pk}/").status_code == 404
    assert client.get(f"/measures/responses/{response.pk}/fhir.json").status_code == 404
    assert client.post(f"/measures/referrals/{_referral(world).pk}/new/PHQ9/", _form(PHQ9_MODERATE)).status_code == 404
    assert MeasureResponse.objects.count() == 1


def test_manager_sees_no_client_measures(login, world):
    response = record(_referral(world), "PHQ9")
    client = login(world.manager)
    assert client.get(f"/measures/responses/{response.pk}/").status_code == 403
    assert client.get(f"/measures/clients/{world.client_a1.pk}/").status_code == 403


def test_phq15_menstrual_item_is_required_for_a_woman_and_ticked_from_her_record(login, world):
    from stepcare.clients.models import Client

    Client.objects.filter(pk=world.client_a1.pk).update(gender="female")
    referral = world.client_a1.referrals.get()
    pwp = login(world.pwp_a1)
    page = pwp.get(f"/measures/referrals/{referral.pk}/new/PHQ15/").content.decode()
    assert 'name="context_female"' in page and "checked" in page.split('name="context_female"')[1][:80]

    answers = {f"item_q{i}": "0" for i in range(1, 16) if i != 4}
    answers["completed_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    refused = pwp.post(f"/measures/referrals/{referral.pk}/new/PHQ15/", {**answers, "context_female": "on"})
    assert refused.status_code == 400 or "Not answered" in refused.content.decode()
    assert not referral.measure_responses.filter(instrument="PHQ15").exists()
    saved = pwp.post(f"/measures/referrals/{referral.pk}/new/PHQ15/", answers)  # not a woman: optional
    assert saved.status_code == 302
