"""A page's view events: one per client shown, written together before the page is sent."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stepcare.audit.models import AuditAction, AuditEvent
from stepcare.audit.services import record_viewed
from stepcare.risk.services import risk_alert_raise

pytestmark = pytest.mark.django_db


def test_a_page_and_its_risk_banner_write_their_view_events_in_one_append(login, world):
    # Client B's alert is on the banner of every page PWP A sees; the referral page shows client A.
    other = world.client_a1.referrals.get()
    banner_client = world.client_unallocated_a
    banner_referral = banner_client.referrals.get()
    from stepcare.clients.services import referral_allocate

    referral_allocate(actor=world.pwp_a1, referral=banner_referral, pwp=world.pwp_a1)
    risk_alert_raise(referral=banner_referral, source="measure", summary="PHQ-9 item 9 answered 1", raised_by=None)
    client = login(world.pwp_a1)
    client.get(f"/referrals/{other.pk}/")  # warm the session

    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/referrals/{other.pk}/")

    assert response.status_code == 200
    viewed = list(AuditEvent.objects.filter(action=AuditAction.VIEW).order_by("id")[before:])
    pages = {(event.client_id, event.detail["page"]) for event in viewed}
    assert (world.client_a1.pk, "staff:referral") in pages
    assert (banner_client.pk, "risk:banner") in pages
    head_updates = [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "audit_auditchainhead"')]
    assert len(head_updates) == 1


def test_outside_a_request_a_view_is_written_at_once(world):
    record_viewed(actor=world.pwp_a1, client_ids=[world.client_a1.pk], page="cli:export")

    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert (event.client_id, event.detail["page"]) == (world.client_a1.pk, "cli:export")
