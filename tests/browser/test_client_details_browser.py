"""A PWP in Chromium corrects a client's details: an NHS number typed with spaces is kept whole,
a wrong one is refused at the field with what was typed kept, the saved change appears in the
field history; search finds the client by the spaced number and by the client reference.
axe-core finds no serious or critical problems on the edit page."""

from __future__ import annotations

import pytest

from stepcare.testing import PASSWORD
from tests.browser.conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser


def _sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def test_pwp_corrects_details_and_sees_the_history(page, live_server, tx_world):
    record = tx_world.client_a1
    tx_world.service.country = "GB"  # a service in England: the form asks for the NHS number
    tx_world.service.save()
    _sign_in(page, live_server.url, tx_world.pwp_a1.email)
    page.goto(f"{live_server.url}/clients/{record.pk}/")
    page.get_by_role("link", name="Edit details").click()
    page.wait_for_url(f"**/clients/{record.pk}/edit/")

    nhs = page.locator("#id_nhs_number")
    nhs.fill("943 476 5918")  # wrong check digit, typed with spaces
    page.locator("#id_phone").fill("052-7654321")
    page.get_by_role("button", name="Save the details").click()
    assert nhs.input_value() == "943 476 5918"  # twelve characters, not cut to ten
    assert "not a valid NHS number" in page.locator("#id_nhs_number_error").inner_text()
    assert page.locator("#id_phone").input_value() == "052-7654321"
    assert axe_violations(page) == []
    screenshot(page, "client-edit-error-en")
    record.refresh_from_db()
    assert record.nhs_number == "" and record.phone == ""

    nhs.fill("943 476 5919")
    page.get_by_role("button", name="Save the details").click()
    page.wait_for_url(f"**/clients/{record.pk}/")
    assert "943" in page.locator("main").inner_text()
    record.refresh_from_db()
    assert (record.nhs_number, record.phone) == ("9434765919", "052-7654321")

    page.goto(f"{live_server.url}/clients/{record.pk}/edit/")
    history = page.locator("section[aria-labelledby=history-heading]")
    assert "052-7654321" in history.inner_text() and "Alice Pwp" in history.inner_text()
    screenshot(page, "client-edit-history-en")

    for query in ("943 476 5919", record.reference):
        page.goto(f"{live_server.url}/clients/")
        page.locator("#client-search").fill(query)
        page.get_by_role("button", name="Search").click()
        assert page.get_by_role("link", name="Alpha, Dana").count() == 1, query
        assert page.get_by_role("link", name="Gamma, Fay").count() == 0, query
