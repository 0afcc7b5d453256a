from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from stepcare.audit.models import AppendOnlyError, AuditEvent
from stepcare.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db


def _events(n=5):
    return [audit_record(actor=None, action="create", object_type="test.thing", object_id=i) for i in range(n)]


def test_each_event_carries_the_previous_hash():
    events = _events(3)
    assert events[1].prev_hash == events[0].hash
    assert events[2].prev_hash == events[1].hash
    assert audit_verify().ok


def test_verify_finds_a_row_edited_directly_in_the_database(capsys):
    events = _events(5)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET object_id = %s WHERE id = %s", ["tampered", events[2].id]
        )
    report = audit_verify()
    assert not report.ok
    assert report.broken_at == events[2].id
    with pytest.raises(CommandError, match=f"BROKEN at event {events[2].id}"):
        call_command("audit", "verify")


def test_verify_finds_a_deleted_row():
    events = _events(4)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[1].id])
    report = audit_verify()
    assert report.broken_at == events[2].id


def test_verify_finds_the_newest_rows_removed():
    events = _events(3)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[-1].id])
    assert not audit_verify().ok


def test_the_orm_refuses_to_change_or_delete_events():
    event = _events(1)[0]
    event.object_id = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(object_id="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


def test_audit_verify_command_reports_intact_chain(capsys):
    _events(2)
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out


def test_supervisor_sees_trail_for_team_client_admin_sees_all(login, world, client):
    audit_record(actor=world.pwp_a1, action="view", obj=world.client_a1, client_id=world.client_a1.pk)
    audit_record(actor=world.pwp_b, action="view", obj=world.client_b, client_id=world.client_b.pk)
    body = login(world.supervisor_a).get("/audit/", {"client": f"C-{world.client_a1.pk:06d}"}).content.decode()
    assert "alice_pwp@example.org" in body
    body = client.get("/audit/", {"client": str(world.client_b.pk)}).content.decode()
    assert "charlie_pwp@example.org" not in body
    client.force_login(world.admin)
    body = client.get("/audit/", {"user": world.pwp_b.pk}).content.decode()
    assert "charlie_pwp@example.org" in body
    assert "alice_pwp@example.org" not in body.split("<tbody>")[1]


def test_pwp_and_manager_cannot_read_the_trail(login, world):
    assert login(world.pwp_a1).get("/audit/").status_code == 403
    assert login(world.manager).get("/audit/").status_code == 403
