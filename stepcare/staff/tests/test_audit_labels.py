"""The audit trail names roles and record types in the reader's language, not as codes."""

from __future__ import annotations

import pytest
from django.utils import translation

from stepcare.accounts.models import Role
from stepcare.clients.models import Referral
from stepcare.staff.audit_views import record_type_label, role_label


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "he", "ar"])
def test_trail_shows_role_and_record_names_in_the_language(client, world, language):
    client.cookies["django_language"] = language
    client.force_login(world.supervisor_a)
    response = client.get("/audit/", {"client": f"C-{world.client_a1.pk:06d}"})
    assert response.status_code == 200
    body = response.content.decode()
    with translation.override(language):
        assert f"<td>{Role.PWP.label}</td>" in body
        assert f"<td>{Referral._meta.verbose_name} <bdi" in body
    assert "clients.referral" not in body and "<td>pwp</td>" not in body


def test_unknown_codes_are_shown_as_recorded():
    with translation.override("he"):
        assert role_label("") == ""
        assert role_label("retired-role") == "retired-role"
        assert record_type_label("test.thing") == "test.thing"
        assert record_type_label("clients.referral") == str(Referral._meta.verbose_name)
        assert record_type_label("clients.referral") != "referral"  # translated
