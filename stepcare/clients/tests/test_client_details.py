"""Client details: identifiers typed as people type them, one client per identifier in a
service, editing with field history, the service's language, plausible dates, search."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stepcare.audit.models import AuditEvent
from stepcare.clients import services
from stepcare.clients.identifiers import (
    client_reference_pk,
    nhs_number_is_valid,
    normalise_identifier,
)
from stepcare.clients.models import Client, Referral

pytestmark = pytest.mark.django_db

NHS = "9434765919"  # valid check digit
OTHER_NHS = "4010232137"


def _register(client, **overrides):
    data = {
        "client-given_name": "Noa", "client-family_name": "Cohen", "client-date_of_birth": "1991-04-02",
        "client-preferred_language": "he", "client-israeli_id": "", "client-nhs_number": "",
        "referral-source": "gp", "referral-received_on": (date.today() - timedelta(days=3)).isoformat(),
        "referral-reason": "Low mood.", "referral-problem_areas": ["low_mood"], "referral-priority": "routine",
    }
    data.update(overrides)
    return client.post("/referrals/new/", data)


def _edit_data(client_record, **overrides):
    data = {
        name: ("on" if value is True else "" if value is False else value)
        for name, value in {
            name: getattr(client_record, name) for name in services.CLIENT_FIELDS
        }.items()
    }
    data = {k: v for k, v in data.items() if v != ""}
    data["date_of_birth"] = client_record.date_of_birth.isoformat()
    data.update(overrides)
    return data


def _in_england(*services_):
    for service in services_:
        service.country = "GB"
        service.save()


def _field_errors(body: str, field: str) -> str:
    """The error list rendered for one field of the form (Django's as_div markup)."""
    match = re.search(rf'<ul class="errorlist" id="id_(?:client-|referral-)?{field}_error">(.*?)</ul>', body, re.S)
    return match.group(1) if match else ""


# --- identifiers.py (pure) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind", "stored"),
    [
        ("943 476 5919", "nhs_number", NHS),
        ("943-476-5919", "nhs_number", NHS),
        (" 943\u2013476\u20135919 ", "nhs_number", NHS),
        ("٩٤٣٤٧٦٥٩١٩", "nhs_number", NHS),  # Arabic-Indic digits
        ("12345674", "israeli_id", "012345674"),
        ("01-234567-4", "israeli_id", "012345674"),
        ("18", "israeli_id", "18"),  # too short to be an ID: left for the check digit to refuse
        ("abc 12", "", "abc12"),
    ],
)
def test_identifiers_are_normalised_as_typed(typed, kind, stored):
    assert normalise_identifier(typed, kind) == stored


def test_spaced_nhs_number_passes_its_check_digit():
    assert nhs_number_is_valid("943 476 5919") and not nhs_number_is_valid("943 476 5918")
    assert not nhs_number_is_valid("²²²²²²²²²²")  # digits, but not decimal ones: refused, no crash


@pytest.mark.parametrize(
    ("typed", "pk"), [("C-000062", 62), ("c-62", 62), ("C 000062", 62), ("C62", 62), ("C-0", None), ("Cohen", None), ("62", None)]
)
def test_client_reference_is_read_back(typed, pk):
    assert client_reference_pk(typed) == pk


# --- registration ----------------------------------------------------------------------


def test_nhs_number_typed_with_spaces_is_stored_normalised(login, world):
    _in_england(world.service)
    response = _register(login(world.pwp_a1), **{"client-nhs_number": "943 476 5919"})
    assert response.status_code == 302
    assert Client.objects.get(family_name="Cohen").nhs_number == NHS


def test_the_nhs_number_field_is_not_cut_to_ten_characters(login, world):
    _in_england(world.service)
    body = login(world.pwp_a1).get("/referrals/new/").content.decode()
    field = re.search(r'<input[^>]*name="client-nhs_number"[^>]*>', body).group(0)
    assert 'maxlength="20"' in field


def test_a_second_client_with_a_visible_clients_nhs_number_is_refused_with_a_link(login, world):
    _in_england(world.service)
    Client.objects.filter(pk=world.client_a1.pk).update(nhs_number=NHS)
    response = _register(login(world.pwp_a1), **{"client-nhs_number": "943-476-5919"})
    assert response.status_code == 200
    body = response.content.decode()
    errors = _field_errors(body, "nhs_number")
    assert "already registered in this service" in errors and world.client_a1.reference in errors
    assert f'href="/clients/{world.client_a1.pk}/"' in errors
    assert not re.search(r"<a [^>]*>[^<]*<a ", body)  # the error summary's link holds no second link
    assert 'value="943-476-5919"' in body  # what was typed is kept
    assert "Add the referral to this client" in body
    assert 'name="confirm_new"' not in body  # not "a different person": the number is taken
    assert not Client.objects.filter(family_name="Cohen").exists()
    assert not Referral.objects.filter(client__family_name="Cohen").exists()


def test_a_second_client_with_an_unseen_clients_id_is_refused_without_naming_them(login, world):
    Client.objects.filter(pk=world.client_a1.pk).update(israeli_id="000000018")
    response = _register(login(world.pwp_b), **{"client-israeli_id": "18", "client-nhs_number": ""})
    assert response.status_code == 200
    assert "not a valid Israeli ID" in _field_errors(response.content.decode(), "israeli_id")
    # "18" is too short to be padded: a check-digit refusal. Typed in full, the duplicate.
    response = _register(login(world.pwp_b), **{"client-israeli_id": "0000-00018"})
    body = response.content.decode()
    errors = _field_errors(body, "israeli_id")
    assert "on a record you cannot see" in errors and "Ask your supervisor" in errors
    assert "Dana" not in body and "Alpha" not in body and world.client_a1.reference not in body
    assert f"/clients/{world.client_a1.pk}/" not in body
    assert not Client.objects.filter(family_name="Cohen").exists()


def test_confirming_a_different_person_does_not_override_a_duplicate_identifier(login, world):
    _in_england(world.service)
    Client.objects.filter(pk=world.client_a1.pk).update(nhs_number=NHS)
    response = _register(login(world.pwp_a1), **{"client-nhs_number": NHS, "confirm_new": "1"})
    assert response.status_code == 200
    assert "already registered in this service" in _field_errors(response.content.decode(), "nhs_number")
    assert Client.objects.filter(nhs_number=NHS).count() == 1


def test_the_same_identifier_in_another_service_is_another_client(login, world):
    _in_england(world.service, world.other_service)
    Client.objects.filter(pk=world.client_a1.pk).update(nhs_number=NHS)
    response = _register(login(world.pwp_c), **{"client-nhs_number": NHS})
    assert response.status_code == 302
    assert Client.objects.filter(nhs_number=NHS).count() == 2


def test_a_race_past_the_check_meets_the_constraint_and_is_refused_not_a_500(world, monkeypatch):
    Client.objects.filter(pk=world.client_a1.pk).update(nhs_number=NHS)
    monkeypatch.setattr(services, "check_identifiers_free", lambda **kwargs: None)
    with pytest.raises(ValidationError):
        services.client_create(
            actor=world.pwp_a1, given_name="Late", family_name="Twin", date_of_birth=date(1990, 1, 1), nhs_number=NHS
        )
    assert not Client.objects.filter(family_name="Twin").exists()


def test_each_country_asks_for_its_own_identifiers(login, world):
    client = login(world.pwp_a1)
    israel = client.get("/referrals/new/").content.decode()
    assert 'name="client-israeli_id"' in israel and 'name="client-health_fund"' in israel
    assert 'name="client-nhs_number"' not in israel
    _in_england(world.service)
    england = client.get("/referrals/new/").content.decode()
    assert 'name="client-nhs_number"' in england
    assert 'name="client-israeli_id"' not in england and 'name="client-health_fund"' not in england


def test_an_identifier_already_recorded_stays_editable_in_the_other_country(login, world):
    Client.objects.filter(pk=world.client_a1.pk).update(nhs_number=NHS)
    body = login(world.pwp_a1).get(f"/clients/{world.client_a1.pk}/edit/").content.decode()
    assert f'name="nhs_number" value="{NHS}"' in body and 'name="israeli_id"' in body


# --- the service's language ------------------------------------------------------------


def test_new_clients_language_is_the_services_default(login, world):
    world.service.default_language = "en"
    world.service.save()
    body = login(world.pwp_a1).get("/referrals/new/").content.decode()
    assert re.search(r'<option value="en" selected>', body)
    client = services.client_create(actor=world.pwp_a1, given_name="Ann", family_name="Lee", date_of_birth=date(1980, 1, 1))
    assert client.preferred_language == "en"
    assert services.client_create(
        actor=world.pwp_a1, given_name="Rami", family_name="Haddad", date_of_birth=date(1980, 1, 1), preferred_language="ar"
    ).preferred_language == "ar"


# --- plausible dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("client-date_of_birth", "1899-12-31", "date of birth cannot be before"),
        ("referral-received_on", "1989-12-31", "referral date cannot be before"),
        ("referral-received_on", "1991-04-01", "before the client&#x27;s date of birth"),
    ],
)
def test_implausible_dates_are_refused_at_the_field(login, world, field, value, message):
    response = _register(login(world.pwp_a1), **{field: value})
    assert response.status_code == 200
    body = response.content.decode()
    assert message in _field_errors(body, field.split("-", 1)[1])
    assert f'value="{value}"' in body
    assert not Client.objects.filter(family_name="Cohen").exists()


def test_the_earliest_plausible_dates_are_accepted(login, world):
    response = _register(login(world.pwp_a1), **{"client-date_of_birth": "1900-01-01", "referral-received_on": "1990-01-01"})
    assert response.status_code == 302
    assert Referral.objects.get(client__family_name="Cohen").received_on == date(1990, 1, 1)


# --- editing ---------------------------------------------------------------------------


def test_pwp_edits_details_and_the_change_is_audited_by_field_name(login, world):
    _in_england(world.service)
    record = world.client_a1
    client = login(world.pwp_a1)
    response = client.post(
        f"/clients/{record.pk}/edit/",
        _edit_data(record, phone="052-7654321", address="12 Herzl St\nHaifa", gp_name="Dr Levi", nhs_number="401 023 2137"),
    )
    assert response.status_code == 302 and response["Location"] == f"/clients/{record.pk}/"
    record.refresh_from_db()
    assert (record.phone, record.address, record.gp_name, record.nhs_number) == ("052-7654321", "12 Herzl St\nHaifa", "Dr Levi", OTHER_NHS)
    event = AuditEvent.objects.get(action="change", object_type="clients.client", client_id=record.pk)
    assert event.detail == {"fields": ["phone", "address", "gp_name", "nhs_number"]}
    assert "052" not in str(event.detail) and "Herzl" not in str(event.detail)
    latest = record.history.latest()
    assert latest.history_user == world.pwp_a1 and latest.phone == "052-7654321"


def test_the_edit_page_shows_who_changed_what_and_when(login, world):
    record = world.client_a1
    services.client_update(actor=world.supervisor_a, client=record, phone="050-1111111")
    client = login(world.pwp_a1)
    response = client.get(f"/clients/{record.pk}/edit/")
    assert response.status_code == 200
    body = response.content.decode()
    history = body[body.index('id="history-heading"'):]
    assert "Sam Supervisor" in history and "Phone" in history and "050-1111111" in history
    assert "Registered" in history and "Alice Pwp" in history
    assert AuditEvent.objects.filter(action="view", client_id=record.pk, detail__page="clients:edit").exists()


def test_the_first_change_to_a_bulk_loaded_client_keeps_what_it_replaced(login, world):
    record = world.client_a1
    record.history.all().delete()  # as the generator's bulk-created clients: no first version
    Client.objects.filter(pk=record.pk).update(phone="03-5555555")
    record.refresh_from_db()
    services.client_update(actor=world.pwp_a1, client=record, phone="050-1111111")
    first, second = record.history.order_by("history_date", "history_id")
    assert (first.history_type, first.history_user, first.phone, first.history_date) == ("+", None, "03-5555555", record.created_at)
    assert (second.history_type, second.history_user, second.phone) == ("~", world.pwp_a1, "050-1111111")
    history = login(world.pwp_a1).get(f"/clients/{record.pk}/edit/").content.decode()
    history = history[history.index('id="history-heading"'):]
    assert "03-5555555" in history and "050-1111111" in history and "not recorded" in history


@pytest.mark.parametrize("persona", ["pwp_a2", "pwp_b", "pwp_c", "supervisor_c"])
def test_clinicians_who_cannot_see_the_client_get_404_and_nothing_changes(login, world, persona):
    record = world.client_a1
    client = login(world.personas[persona])
    assert client.get(f"/clients/{record.pk}/edit/").status_code == 404
    assert client.post(f"/clients/{record.pk}/edit/", _edit_data(record, phone="000")).status_code == 404
    record.refresh_from_db()
    assert record.phone == ""
    assert not AuditEvent.objects.filter(action="change", object_type="clients.client").exists()


@pytest.mark.parametrize("persona", ["manager", "admin"])
def test_manager_and_admin_cannot_open_the_edit_page(login, world, persona):
    response = login(world.personas[persona]).get(f"/clients/{world.client_a1.pk}/edit/")
    assert response.status_code in (403, 404)
    assert "Dana" not in response.content.decode()


def test_supervisor_of_the_team_may_edit(login, world):
    record = world.client_a2
    response = login(world.supervisor_a).post(f"/clients/{record.pk}/edit/", _edit_data(record, gp_practice="Carmel clinic"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.gp_practice == "Carmel clinic"


def test_the_service_refuses_an_edit_by_someone_who_cannot_see_the_client(world):
    with pytest.raises(PermissionDenied):
        services.client_update(actor=world.pwp_b, client=world.client_a1, phone="000")
    world.client_a1.refresh_from_db()
    assert world.client_a1.phone == ""


def test_bad_input_on_edit_is_refused_at_the_field_and_nothing_is_half_saved(login, world):
    _in_england(world.service)
    record = world.client_a1
    response = login(world.pwp_a1).post(
        f"/clients/{record.pk}/edit/",
        _edit_data(record, phone="052-7654321", nhs_number="943 476 5918", date_of_birth="1850-01-01"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "not a valid NHS number" in _field_errors(body, "nhs_number")
    assert "cannot be before" in _field_errors(body, "date_of_birth")
    assert 'value="943 476 5918"' in body and 'value="052-7654321"' in body
    assert "<h1>" in body and "Dana Alpha" in body  # the page's heading is the stored name
    record.refresh_from_db()
    assert record.phone == "" and record.nhs_number == "" and record.date_of_birth == date(1990, 5, 17)
    assert not AuditEvent.objects.filter(action="change", object_type="clients.client").exists()


def test_edit_to_another_clients_identifier_is_refused_with_a_link(login, world):
    _in_england(world.service)
    Client.objects.filter(pk=world.client_a2.pk).update(nhs_number=NHS)
    record = world.client_a1
    response = login(world.supervisor_a).post(f"/clients/{record.pk}/edit/", _edit_data(record, nhs_number="9434765919"))
    assert response.status_code == 400
    errors = _field_errors(response.content.decode(), "nhs_number")
    assert world.client_a2.reference in errors and f'href="/clients/{world.client_a2.pk}/"' in errors
    record.refresh_from_db()
    assert record.nhs_number == ""


def test_saving_without_changes_records_nothing(login, world):
    record = world.client_a1
    versions = record.history.count()
    response = login(world.pwp_a1).post(f"/clients/{record.pk}/edit/", _edit_data(record))
    assert response.status_code == 302
    assert record.history.count() == versions
    assert not AuditEvent.objects.filter(action="change", object_type="clients.client").exists()


def test_edit_page_query_count_does_not_grow_with_the_history(login, world):
    record = world.client_a1
    client = login(world.pwp_a1)
    url = f"/clients/{record.pk}/edit/"
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for n in range(8):
        services.client_update(actor=world.pwp_a1 if n % 2 else world.supervisor_a, client=record, phone=f"050-00000{n}")
    assert count() == before


# --- search ----------------------------------------------------------------------------


@pytest.mark.parametrize("query", [NHS, "943 476 5919", "943-476-5919", "٩٤٣٤٧٦٥٩١٩"])
def test_search_finds_an_nhs_number_however_it_is_typed(login, world, query):
    Client.objects.filter(pk=world.client_a1.pk).update(nhs_number=NHS)
    body = login(world.pwp_a1).get("/clients/", {"q": query}).content.decode()
    assert "Alpha, Dana" in body and "Beta" not in body and "Gamma" not in body


def test_search_finds_an_israeli_id_without_its_leading_zero(login, world):
    Client.objects.filter(pk=world.client_a1.pk).update(israeli_id="012345674")
    body = login(world.pwp_a1).get("/clients/", {"q": "12345674"}).content.decode()
    assert "Alpha, Dana" in body and "Gamma" not in body


def test_search_finds_the_client_reference_printed_on_letters(login, world):
    client = login(world.pwp_a1)
    body = client.get("/clients/", {"q": world.client_a1.reference}).content.decode()
    assert "Alpha, Dana" in body and "Gamma" not in body
    assert "Alpha, Dana" in client.get("/clients/", {"q": world.client_a1.reference.lower().replace("-", "")}).content.decode()
    # Another team's client's reference finds nothing (and says nothing about them).
    other = client.get("/clients/", {"q": world.client_b.reference}).content.decode()
    assert "Delta" not in other and "No client matches your search." in other


def test_search_by_name_still_matches_parts_of_names(login, world):
    body = login(world.pwp_a1).get("/clients/", {"q": "alp da"}).content.decode()
    assert "Alpha, Dana" in body and "Gamma" not in body
