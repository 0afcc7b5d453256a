from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult


@pytest.mark.task_queue
@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_goes_through_the_queue_and_the_worker_sends_it(client):
    from stepcare.testing import make_world

    world = make_world()
    client.post("/accounts/password/reset/", {"email": world.pwp_a1.email})
    assert mail.outbox == []  # queued, not sent during the request
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m.to for m in mail.outbox] == [[world.pwp_a1.email]]
    assert "password" in mail.outbox[0].subject.lower()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.task_queue
@pytest.mark.django_db(transaction=True)
def test_after_a_password_reset_no_row_in_the_database_holds_the_link(client):
    import re

    from django.db import connection

    from stepcare.foundation.models import OutgoingEmail
    from stepcare.testing import make_world

    world = make_world()
    client.post("/accounts/password/reset/", {"email": world.pwp_a1.email})
    assert OutgoingEmail.objects.count() == 1  # waiting for the worker
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body).group(0)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert OutgoingEmail.objects.count() == 0
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - catalogue names
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                assert token not in text, f"the reset link is still in {table}"
