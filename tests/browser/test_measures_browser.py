"""A PWP in Chromium: opens a client, enters a PHQ-9 (by number keys) and a GAD-7 (by
clicking), watches the running total, reads the history chart with its caseness line;
then the same pages in Hebrew are right-to-left with the instrument text kept LTR."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_foundation_browser import sign_in

pytestmark = pytest.mark.browser


def _earlier_phq9(world):
    from stepcare.measures.services import measure_response_record

    referral = world.client_a1.referrals.get()
    measure_response_record(
        actor=world.pwp_a1, referral=referral, instrument_code="PHQ9",
        answers={"q1": 3, "q2": 3, "q3": 2, "q4": 3, "q5": 2, "q6": 2, "q7": 2, "q8": 1, "q9": 0},
        completed_at=timezone.now() - timedelta(days=14), language="en",
    )
    return referral


def test_pwp_enters_phq9_and_gad7_and_reads_the_chart_in_english_and_hebrew(page, live_server, tx_world):
    world = tx_world
    world.client_a1.preferred_language = "he"
    world.client_a1.save()
    _earlier_phq9(world)
    base = live_server.url
    sign_in(page, base, world.pwp_a1.email)

    # Open the client, then their measures.
    page.goto(base + reverse("staff:client", args=[world.client_a1.pk]))
    assert "Dana Alpha" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Enter PHQ-9").first.click()  # from the client page's measures panel
    page.wait_for_url("**/new/PHQ9/")
    # The client prefers Hebrew; the PHQ-9 has only its validated English text here.
    assert "not available in the client's preferred language" in page.content()

    # Number keys answer an item and move to the next one.
    page.locator("#item-q1 input[type=radio]").first.focus()
    for number, key in enumerate("221211110", start=1):
        page.keyboard.press(key)
        page.wait_for_function(f"() => document.querySelector('#item-q{number} input[value=\"{key}\"]').checked")
    # The preview answers each change in turn: wait for the one that has all nine items.
    page.wait_for_function("() => document.querySelector('#score-preview').textContent.includes('Moderate')")
    assert page.locator("#score-preview [data-total]").inner_text().strip() == "11"
    preview = page.locator("#score-preview").inner_text()
    assert "Moderate" in preview and "At caseness" in preview
    screenshot(page, "measures-form-en")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save questionnaire").click()
    page.wait_for_url("**/measures/responses/*/")
    assert "Moderate" in page.locator(".result-summary").inner_text()

    # A GAD-7 by clicking, with the running total as you go.
    page.goto(base + reverse("staff:client", args=[world.client_a1.pk]))
    assert "PHQ9" in page.locator(".measures-panel").inner_text()
    screenshot(page, "measures-client-panel")
    page.get_by_role("link", name="Enter GAD-7").first.click()
    page.wait_for_url("**/new/GAD7/")
    for n, score in enumerate([1, 2, 1, 1, 0, 1, 2], start=1):
        page.locator(f"#item-q{n} label", has_text=str(score)).first.click()
        if n == 3:
            page.wait_for_function("() => document.querySelector('#score-preview')?.textContent.includes('3 of 7')")
    page.wait_for_function("() => document.querySelector('#score-preview [data-total]')?.textContent.trim() === '8'")
    assert "Mild" in page.locator("#score-preview").inner_text()
    page.get_by_role("button", name="Save questionnaire").click()
    page.wait_for_url("**/measures/responses/*/")

    # The PHQ-9 history: table and chart with the caseness line and reliable-change band.
    page.goto(f"{base}/measures/clients/{world.client_a1.pk}/PHQ9/")
    chart = page.locator("svg.measure-chart")
    assert chart.get_attribute("role") == "img"
    assert chart.locator(".chart-caseness").count() == 1 and chart.locator(".chart-rc").count() == 1
    assert chart.locator("circle.chart-point").count() == 2
    assert "Reliable improvement" in page.content() or "No reliable change" in page.content()
    assert axe_violations(page) == []
    screenshot(page, "measures-en")

    # Hebrew: the page is right to left; the chart and the table are still there.
    page.context.add_cookies([{"name": "django_language", "value": "he", "url": base}])
    page.reload()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("svg.measure-chart .chart-caseness").count() == 1
    assert axe_violations(page) == []
    screenshot(page, "measures-he")

    page.goto(f"{base}/measures/referrals/{world.client_a1.referrals.get().pk}/new/PHQ9/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The validated English text keeps its own language and direction inside the Hebrew page.
    block = page.locator(".instrument-text")
    assert block.get_attribute("lang") == "en" and block.get_attribute("dir") == "ltr"
    box, legend = page.locator("#item-q1").bounding_box(), page.locator("#item-q1 legend").bounding_box()
    assert legend["x"] - box["x"] < 30  # the item reads from the left edge of its box
    page.locator("#item-q1 input[type=radio]").first.focus()
    page.keyboard.press("3")
    page.wait_for_function("() => document.querySelector('#score-preview [data-total]')?.textContent.trim() === '3'")
    screenshot(page, "measures-form-he")


def test_catalogue_and_item_view_pass_axe(page, live_server, tx_world):
    referral = _earlier_phq9(tx_world)
    from stepcare.measures.services import measure_response_record

    measure_response_record(
        actor=tx_world.pwp_a1, referral=referral, instrument_code="PHQ9",
        answers={"q1": 1, "q2": 1, "q3": 2, "q4": 1, "q5": 0, "q6": 1, "q7": 1, "q8": 1, "q9": 1},
        completed_at=timezone.now(), language="en",
    )
    sign_in(page, live_server.url, tx_world.pwp_a1.email)
    page.goto(f"{live_server.url}/measures/")
    assert page.locator(".catalogue .badge", has_text="unverified").count() > 0
    assert axe_violations(page) == []
    screenshot(page, "measures-catalogue")
    page.goto(f"{live_server.url}/measures/clients/{tx_world.client_a1.pk}/PHQ9/items/")
    assert page.locator("tr.item-better").count() > 0 and page.locator("tr.item-worse").count() > 0
    assert axe_violations(page) == []
    screenshot(page, "measures-items")
