"""An account outside any service (``createsuperuser`` makes one: an administrator with no
service) sees no service's data. A filter on its missing service (``service_id=None``) would
match whatever has no service: every service's system events, other such accounts."""

import pytest
from django.urls import reverse

from stepcare.accounts.models import User
from stepcare.audit.services import audit_record
from stepcare.staff.audit_selectors import audit_events_for


@pytest.fixture
def superuser(world):
    return User.objects.create_superuser("root@example.org", "a-long-password-1")


def test_audit_trail_shows_no_system_events_to_an_account_without_a_service(world, superuser, login):
    audit_record(actor=None, action="login_failed", object_type="accounts.user", detail={"login": "pwp@example.org"})
    assert not audit_events_for(superuser).exists()
    page = login(superuser).get(reverse("staff:audit_trail"))
    assert page.status_code == 200
    assert "pwp@example.org" not in page.content.decode()


def test_staff_pages_show_no_accounts_to_an_account_without_a_service(world, superuser, login):
    other = User.objects.create_superuser("root2@example.org", "a-long-password-2")
    client = login(superuser)
    page = client.get(reverse("accounts:staff_list"))
    assert page.status_code == 200
    assert other.email not in page.content.decode()
    assert client.get(reverse("accounts:staff_edit", args=[other.pk])).status_code == 404
    assert client.get(reverse("staff:home")).status_code == 200
