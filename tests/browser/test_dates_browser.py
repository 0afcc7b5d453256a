"""Dates as Chromium draws them: day, month name, year in every language, and in Hebrew and
Arabic the day stands right of the year (read right to left: 11 בספט 2026), on the page and
in the chart's left-to-right SVG; the error pages wear the site's layout."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_foundation_browser import sign_in

pytestmark = pytest.mark.browser

# x of the day's first digit and of the year's first digit inside an element's text.
DAY_AND_YEAR_X = """(el) => {
  const node = [...el.childNodes].find(n => n.nodeType === 3) || el.firstChild;
  const text = node.textContent;
  const day = text.search(/\\d/);
  const year = text.search(/\\d{4}/);
  const x = (i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                     return r.getBoundingClientRect().left; };
  return {text: text, day: x(day), year: x(year)};
}"""
# The same for an SVG <text>, from the positions of its glyphs.
SVG_DAY_AND_YEAR_X = """(el) => {
  const text = el.textContent;
  const day = text.search(/\\d/);
  const year = text.search(/\\d{4}/);
  return {text: text, day: el.getStartPositionOfChar(day).x, year: el.getStartPositionOfChar(year).x};
}"""


def _measures(world):
    from stepcare.measures.services import measure_response_record

    referral = world.client_a1.referrals.get()
    for days in (14, 0):
        measure_response_record(
            actor=world.pwp_a1, referral=referral, instrument_code="PHQ9",
            answers={"q1": 2, "q2": 2, "q3": 1, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 0},
            completed_at=timezone.now() - timedelta(days=days), language="en",
        )
    return referral


@pytest.mark.parametrize(("language", "right_to_left"), [("en", False), ("he", True), ("ar", True)])
def test_dates_read_in_order_on_the_page_and_in_the_chart(page, live_server, tx_world, language, right_to_left):
    referral = _measures(tx_world)
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    sign_in(page, live_server.url, tx_world.pwp_a1.email)

    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    received = page.locator("main time").first
    assert received.get_attribute("datetime") == referral.received_on.isoformat()
    shown = received.evaluate(DAY_AND_YEAR_X)
    assert "/" not in shown["text"] and str(referral.received_on.year) in shown["text"]
    assert (shown["day"] > shown["year"]) is right_to_left, shown

    page.goto(f"{live_server.url}/measures/clients/{tx_world.client_a1.pk}/PHQ9/")
    axis_dates = page.locator("svg text.chart-axis").filter(has_text=re.compile(r"\d{4}"))
    assert axis_dates.count() >= 2
    for index in range(axis_dates.count()):
        drawn = axis_dates.nth(index).evaluate(SVG_DAY_AND_YEAR_X)
        assert (drawn["day"] > drawn["year"]) is right_to_left, drawn
    screenshot(page, f"chart-dates-{language}")


@pytest.mark.parametrize("language", ["he", "ar"])
def test_error_pages_have_the_navigation_and_a_main_landmark(page, live_server, tx_world, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    sign_in(page, live_server.url, tx_world.pwp_a1.email)
    for url, status in (("/no-such-page/", 404), ("/staff/", 403)):
        response = page.goto(f"{live_server.url}{url}")
        assert response.status == status
        assert page.locator("html").get_attribute("dir") == "rtl"
        assert page.locator("main#main h1").count() == 1
        assert page.locator("header nav a[href='/clients/']").count() == 1
        assert axe_violations(page) == [], url
        screenshot(page, f"error-{status}-{language}")
