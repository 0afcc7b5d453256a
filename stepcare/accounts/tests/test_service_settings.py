"""Service settings: an administrator sets the country, letterhead and crisis contacts."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from stepcare.accounts.countries import country_crisis_contacts, service_crisis_contacts
from stepcare.accounts.models import Service
from stepcare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

URL = "/service/settings/"


def _post_data(service, **changes):
    data = {
        "name": service.name, "country": service.country, "default_language": service.default_language,
        "address": service.address, "phone": service.phone, "email": service.email,
        "letter_signature": service.letter_signature,
    }
    for i, (label, number) in enumerate(service_crisis_contacts(service)):
        data[f"contact_label_{i}"], data[f"contact_number_{i}"] = label, number
    data.update(changes)
    return data


def test_url_and_nav_link():
    assert reverse("service_settings") == URL


def test_admin_sees_the_settings_with_the_country_defaults(world, login):
    response = login(world.admin).get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="1201"' in body and 'value="Test service"' in body
    assert f'href="{URL}"' in body  # in the admin's navigation


def test_admin_switches_to_england_and_gets_its_language_and_crisis_lines(world, login):
    service = world.service
    assert service.country == Service.Country.ISRAEL and service.default_language == "he"

    response = login(world.admin).post(URL, _post_data(
        service, country="GB", name="Riverside Talking Therapies", phone="020 7946 0000",
        address="1 High Street\nLondon", email="tt@example.nhs.uk", letter_signature="Dr Jo Lead, clinical lead",
    ))

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.country == "GB" and service.default_language == "en"
    assert service.crisis_contacts == []  # the defaults, which now follow the country
    assert [n for _label, n in service_crisis_contacts(service)] == ["999", "111", "116 123"]
    assert service.phone == "020 7946 0000" and service.address == "1 High Street\nLondon"
    event = AuditEvent.objects.filter(action="change", object_type="accounts.service").get()
    assert event.actor_id == world.admin.pk
    assert set(event.detail["fields"]) >= {"country", "default_language", "name", "phone"}


def test_own_crisis_contacts_are_kept_when_the_country_changes(world, login):
    service = world.service
    data = _post_data(service, contact_label_0="Local crisis team", contact_number_0="+44 20 7946 0999")

    response = login(world.admin).post(URL, data)

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.crisis_contacts[0] == {"label": "Local crisis team", "number": "+44 20 7946 0999"}
    assert len(service.crisis_contacts) == 3

    response = login(world.admin).post(URL, _post_data(service, country="GB", default_language="ar"))

    assert response.status_code == 302
    service.refresh_from_db()
    assert service.crisis_contacts[0]["label"] == "Local crisis team"  # customised: not replaced
    assert service.default_language == "ar"  # chosen, not the old country's default: kept


def test_unchanged_defaults_in_hebrew_are_still_the_defaults(world, login):
    client = login(world.admin)
    with translation.override("he"):
        data = _post_data(world.service)
        assert data["contact_label_0"] == country_crisis_contacts("IL")[0][0]
    client.cookies["django_language"] = "he"

    response = client.post(URL, data, HTTP_ACCEPT_LANGUAGE="he")

    assert response.status_code == 302
    world.service.refresh_from_db()
    assert world.service.crisis_contacts == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("contact_number_0", "call 1201", "Use digits and spaces only"),
        ("contact_number_1", "", "Give the number for this contact."),
        ("contact_label_3", "", None),  # an empty row is ignored
        ("email", "not-an-email", "Enter a valid email address."),
        ("phone", "03 555 <b>", "Use digits, spaces"),
        ("name", "", "This field is required."),
    ],
)
def test_bad_input_is_refused_at_the_field_and_nothing_is_saved(world, login, field, value, message):
    data = _post_data(world.service, **{field: value, "contact_number_3": "5"} if message is None else {field: value})
    if message is None:
        message = "Say who answers this number."

    response = login(world.admin).post(URL, data)

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "Nothing was saved" in body
    if value:
        assert f'value="{escape(value)}"' in body  # what was typed is kept (escaped)
    world.service.refresh_from_db()
    assert world.service.crisis_contacts == [] and world.service.name == "Test service"
    assert not AuditEvent.objects.filter(action="change", object_type="accounts.service").exists()


@pytest.mark.parametrize("persona", ["pwp_a1", "supervisor_a", "manager"])
def test_other_roles_are_refused(world, login, persona):
    response = login(getattr(world, persona)).post(URL, _post_data(world.service, name="Hacked"))

    assert response.status_code == 403
    world.service.refresh_from_db()
    assert world.service.name == "Test service"


def test_admin_of_another_service_changes_only_their_own(world, login):
    response = login(world.admin_2).post(URL, _post_data(world.other_service, name="Renamed other service"))

    assert response.status_code == 302
    world.service.refresh_from_db()
    world.other_service.refresh_from_db()
    assert world.service.name == "Test service" and world.other_service.name == "Renamed other service"


def test_service_refuses_a_crafted_crisis_number(world):
    from django.core.exceptions import ValidationError

    from stepcare.accounts.services import service_update

    with pytest.raises(ValidationError, match="digits, spaces and"):
        service_update(
            actor=world.admin, service=world.service, name="Test service", country="IL", default_language="he",
            crisis_contacts=[{"label": "ERAN", "number": "1201; DROP"}],
        )

    world.service.refresh_from_db()
    assert world.service.crisis_contacts == []
    assert not AuditEvent.objects.filter(action="change", object_type="accounts.service").exists()
