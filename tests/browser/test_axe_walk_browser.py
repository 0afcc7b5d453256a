"""axe-core on every page a persona walks, at desktop (1280 px) and phone (390 px) width,
with the app's Content Security Policy on: no serious or critical finding anywhere, the
not-found and forbidden pages and a form sent back with errors included. At phone width
nothing scrolls sideways and the open risk alerts fold into one line that opens the list."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from stepcare.testing import make_assessment, make_proposal
from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_foundation_browser import sign_in

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


def _service(world):
    """A day in a service: an assessed referral with a proposal awaiting review, a PHQ-9 with
    a risk answer (an open alert on every clinician's page), measures to chart."""
    from stepcare.measures.services import measure_response_record

    referral = world.client_a1.referrals.get()
    make_assessment(referral)
    decision = make_proposal(referral)
    for days, item9 in ((14, 0), (0, 1)):
        measure_response_record(
            actor=world.pwp_a1, referral=referral, instrument_code="PHQ9",
            answers={"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": item9},
            completed_at=timezone.now() - timedelta(days=days), language="en",
        )
    return referral, decision


def _pages(world, referral, decision):
    client = world.client_a1
    alert = referral.risk_alerts.first()
    return {
        "pwp_a1": [
            "/", "/clients/", f"/clients/{client.pk}/", f"/clients/{client.pk}/edit/", f"/referrals/{referral.pk}/",
            "/referrals/new/", "/waiting-list/", f"/referrals/{referral.pk}/assessment/",
            f"/measures/referrals/{referral.pk}/new/", f"/measures/referrals/{referral.pk}/new/PHQ9/",
            f"/measures/clients/{client.pk}/", f"/measures/clients/{client.pk}/PHQ9/",
            f"/measures/clients/{client.pk}/PHQ9/items/", "/measures/", "/measures/instruments/PHQ9/",
            "/risk/", f"/risk/{alert.pk}/", "/no-such-page/", "/staff/",
        ],
        "supervisor_a": ["/", "/reviews/", f"/decisions/{decision.pk}/", "/audit/", "/waiting-list/"],
        "manager": ["/", "/waiting-list/", "/clients/"],
        "admin": ["/", "/staff/", "/staff/new/", "/service/settings/"],
    }


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("persona", ["pwp_a1", "supervisor_a", "manager", "admin"])
def test_every_page_passes_axe_with_the_csp_on(browser, live_server, tx_world, persona, width):
    referral, decision = _service(tx_world)
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h})
    page = context.new_page()
    csp_errors: list[str] = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    problems = {"/accounts/login/": axe_violations(page)}
    sign_in(page, base, tx_world.personas[persona].email)
    for url in _pages(tx_world, referral, decision)[persona]:
        response = page.goto(base + url)
        assert response is not None and response.status in (200, 403, 404), (url, response and response.status)
        found = axe_violations(page)
        if width == "phone" and not page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"):
            found.append({"id": "scrolls-sideways", "width": page.evaluate("document.documentElement.scrollWidth")})
        if found:
            problems[url] = found
            screenshot(page, f"axe-{persona}-{width}-{url.strip('/').replace('/', '-') or 'home'}")
    context.close()
    assert {url: found for url, found in problems.items() if found} == {}
    assert csp_errors == []


def test_form_sent_back_with_errors_passes_axe_and_links_each_field(browser, live_server, tx_world):
    for width, (w, h) in WIDTHS.items():
        context = browser.new_context(viewport={"width": w, "height": h})
        page = context.new_page()
        sign_in(page, live_server.url, tx_world.pwp_a1.email)
        page.goto(f"{live_server.url}/referrals/new/")
        page.fill("#id_client-family_name", "Cohen")
        page.get_by_role("button", name="Save referral").click()
        page.wait_for_selector("[data-error-summary]")

        summary = page.locator("[data-error-summary]")
        assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
        assert summary.get_by_role("link", name="Given name").count() == 1
        assert page.locator("#id_client-given_name").get_attribute("aria-invalid") == "true"
        assert page.locator("#id_client-family_name").input_value() == "Cohen"  # what was typed is kept
        assert axe_violations(page) == []
        screenshot(page, f"form-errors-{width}")
        summary.get_by_role("link", name="Given name").click()
        assert page.evaluate("document.activeElement.id") == "id_client-given_name"
        context.close()


def test_phone_folds_the_risk_alerts_and_the_menu(browser, live_server, tx_world):
    _service(tx_world)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live_server.url, tx_world.pwp_a1.email)

    fold = page.locator("details.risk-fold")
    assert fold.get_attribute("open") is None
    assert "1 open risk alert" in page.locator(".risk-fold-summary").inner_text()
    assert not page.locator(".risk-banner").is_visible()
    page.locator(".risk-fold-summary").click()
    assert page.locator(".risk-banner").is_visible()

    menu = page.get_by_role("button", name="Menu")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.locator("#site-menu").get_by_role("link", name="Waiting list").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-menu").get_by_role("link", name="Waiting list").is_visible()
    screenshot(page, "phone-menu-open")

    # The header and the folded banner leave most of the first screen to the page itself.
    page.locator(".risk-fold-summary").click()
    menu.click()
    assert page.locator("main").bounding_box()["y"] < 844 / 3
    context.close()

    wide = browser.new_context(viewport={"width": 1280, "height": 900})
    page = wide.new_page()
    sign_in(page, live_server.url, tx_world.pwp_a1.email)
    assert page.locator(".risk-banner").is_visible()
    assert not page.get_by_role("button", name="Menu").is_visible()
    wide.close()
