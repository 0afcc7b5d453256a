"""Pages with client data are never cached; refused requests log one line."""

from __future__ import annotations

import logging

import pytest

pytestmark = pytest.mark.django_db


def test_a_client_page_is_sent_with_no_store(login, world):
    client = login(world.pwp_a1)

    response = client.get(f"/referrals/{world.client_a1.referrals.get().pk}/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_a_refused_request_is_logged_on_one_line_without_a_traceback(login, world, caplog):
    # A manager may not open a clinical record: 403, which Django logs with its traceback.
    manager = login(world.manager)

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = manager.get(f"/referrals/{world.client_a1.referrals.get().pk}/")

    assert response.status_code == 403

    refusal = [r for r in caplog.records if r.name == "django.request"]
    assert refusal, "the refusal is still logged"
    for record in refusal:  # the console handler's filter has already run on these records
        assert record.exc_info is None
        assert "\n" not in logging.Formatter().format(record)


def test_the_filter_drops_the_traceback_of_a_refusal():
    from stepcare.foundation.logging import RefusalsOnOneLine

    try:
        raise PermissionError("no")
    except PermissionError:
        import sys

        record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", None, sys.exc_info())
    record.status_code = 403
    RefusalsOnOneLine().filter(record)
    assert record.exc_info is None


def test_a_server_error_keeps_its_traceback():
    from stepcare.foundation.logging import RefusalsOnOneLine

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", None, sys.exc_info())
    record.status_code = 500
    RefusalsOnOneLine().filter(record)
    assert record.exc_info is not None
