"""The chain is keyed and anchored: an edit that recomputes plain SHA-256 hashes, or keyed
hashes with another key, fails; so do a missing head and a cut-off end."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory, override_settings

from stepcare.audit.middleware import client_ip
from stepcare.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent, chain_mac
from stepcare.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db
TABLE = AuditEvent._meta.db_table


def _events(n):
    return [audit_record(actor=None, action="create", object_type="test.thing", object_id=i) for i in range(n)]


def _rewrite(events, *, object_id, mac):
    """What an intruder with database access does: change an event, then recompute every
    hash after it and move the head, so that each link still matches."""
    prev = GENESIS_HASH
    with connection.cursor() as cursor:
        for event in AuditEvent.objects.order_by("id"):
            if event.id == events[1].id:
                event.object_id = object_id
                cursor.execute(f"UPDATE {TABLE} SET object_id = %s WHERE id = %s", [object_id, event.id])
            new = mac(prev, event.payload())
            cursor.execute(f"UPDATE {TABLE} SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new, event.id])
            prev = new
        cursor.execute(f"UPDATE {AuditChainHead._meta.db_table} SET last_hash = %s WHERE id = 1", [prev])


def test_a_chain_rewritten_with_plain_sha256_fails():
    events = _events(4)
    _rewrite(events, object_id="forged", mac=lambda prev, payload: hashlib.sha256((prev + payload).encode()).hexdigest())

    report = audit_verify()

    assert not report.ok
    assert report.broken_at == events[0].id


def test_a_chain_rewritten_with_another_key_fails():
    events = _events(3)
    _rewrite(events, object_id="forged", mac=lambda prev, payload: chain_mac(prev, payload, key="x" * 40))

    assert not audit_verify().ok


def test_a_chain_rewritten_with_the_key_verifies_which_is_why_the_key_stays_out_of_the_database():
    events = _events(3)
    _rewrite(events, object_id="forged", mac=chain_mac)

    assert audit_verify().ok


def test_removing_the_newest_events_and_the_head_row_fails():
    events = _events(4)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id >= %s", [events[2].id])
        cursor.execute(f"DELETE FROM {AuditChainHead._meta.db_table}")

    report = audit_verify()

    assert not report.ok
    assert "head" in report.reason


def test_verify_prints_the_head_and_an_expected_head_proves_nothing_was_cut_off(capsys):
    _events(3)
    call_command("audit", "verify")
    printed = capsys.readouterr().out
    head = AuditChainHead.objects.get().last_hash
    assert f"head {head}" in printed

    # Later: more events, and the head kept outside the database is still in the chain.
    _events(2)
    call_command("audit", "verify", expect_head=head)

    # An intruder who holds no key can only truncate to an earlier state; with the head
    # recorded earlier, even a truncation that also moves the head row is caught.
    keep = AuditEvent.objects.order_by("id").first()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE} WHERE id > %s", [keep.id])
        cursor.execute(f"UPDATE {AuditChainHead._meta.db_table} SET last_hash = %s", [keep.hash])
    assert AuditEvent.objects.count() == 1 and audit_verify().ok  # without an anchor the cut is invisible
    with pytest.raises(CommandError, match="expected head is not in the chain"):
        call_command("audit", "verify", expect_head=head)


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_the_address_behind_the_trusted_proxy_is_recorded():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.5")
    assert client_ip(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_a_forwarded_header_from_anyone_else_is_ignored():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_a_spoofed_left_most_entry_is_not_believed():
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real peer address.
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.5"])
def test_the_audit_trail_records_the_forwarded_address(world, client):
    client.force_login(world.pwp_a1)
    client.get(f"/referrals/{world.client_a1.referrals.get().pk}/", REMOTE_ADDR="10.0.0.5",
               HTTP_X_FORWARDED_FOR="203.0.113.9")

    event = AuditEvent.objects.filter(action="view").latest("id")
    assert event.ip_address == "203.0.113.9"
