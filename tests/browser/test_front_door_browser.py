"""The front door in Chromium, as the people who use it: a PWP enters a referral, finds it
on the waiting list, takes it, books and runs the assessment with PHQ-9, GAD-7 and risk,
proposes step 2 behavioural activation; the supervisor approves; the assessment letters
open as PDFs with the right text in English and in Hebrew (checked with pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_violations, screenshot
from tests.browser.test_foundation_browser import sign_in

pytestmark = pytest.mark.browser

PHQ9 = "2212111100"  # total 11 (item 10, difficulty, is not scored)
GAD7 = "2211110"  # total 8


def _answer(page, code, keys):
    """Number keys answer each item in turn; wait for each answer as a person would see it."""
    page.locator("#item-q1 input[type=radio]").first.focus()
    for number, key in enumerate(keys, start=1):
        page.keyboard.press(key)
        page.wait_for_function(f"() => document.querySelector('#item-q{number} input[value=\"{key}\"]').checked")
    page.get_by_role("button", name="Save questionnaire").click()
    page.wait_for_selector(".result-summary")
    assert code.replace("PHQ9", "PHQ-9").replace("GAD7", "GAD-7") in page.locator("h1").inner_text()


def _pdf_text(page, base, link) -> str:
    # The link opens the PDF in a new tab; fetch it with the same signed-in session.
    response = page.request.get(base + link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run([pdftotext, "-", "-"], input=body, capture_output=True, check=True).stdout.decode()


def test_referral_to_approved_care_path_and_letters(browser, live_server, tx_world):
    world = tx_world
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, base, world.pwp_a1.email)

    # 1. A GP referral arrives.
    page.get_by_role("link", name="New referral").first.click()
    page.fill("#id_client-given_name", "נועה")
    page.fill("#id_client-family_name", "כהן")
    page.fill("#id_client-date_of_birth", "1990-03-14")
    page.select_option("#id_client-gender", "female")
    page.select_option("#id_client-preferred_language", "he")
    page.fill("#id_client-israeli_id", "000000018")
    page.fill("#id_client-phone", "050-7654321")
    page.fill("#id_client-gp_name", "Dr Ruth Levi")
    page.select_option("#id_referral-source", "gp")
    page.fill("#id_referral-received_on", (date.today() - timedelta(days=10)).isoformat())
    page.fill("#id_referral-reason", "Low mood since losing her job; stays in bed.")
    page.check("input[name=referral-problem_areas][value=low_mood]")
    page.check("input[name=referral-problem_areas][value=activation]")
    screenshot(page, "front-door-referral-form")
    page.get_by_role("button", name="Save referral").click()
    page.wait_for_url("**/referrals/*/")
    referral_url = page.url

    # 2. It is on the waiting list, 10 days in.
    page.goto(base + "/waiting-list/")
    row = page.locator("tr", has_text="נועה כהן")
    assert row.count() == 1 and "10" in row.inner_text()
    assert axe_violations(page) == []
    row.get_by_role("link").click()

    # 3. The PWP takes it and books the assessment.
    page.get_by_role("button", name="Allocate to me").click()
    page.wait_for_load_state("load")
    starts = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    page.fill("#id_starts_at", starts)
    page.get_by_role("button", name="Book", exact=True).click()
    page.wait_for_load_state("load")
    assert "Assessment booked" in page.locator("h1").inner_text()
    assert axe_violations(page) == []

    # 4. The assessment: the interview and the risk assessment, saved as a draft first.
    page.get_by_role("link", name="Start the assessment").click()
    page.fill("#id_a-trigger", "Lost her job in the spring.")
    page.fill("#id_a-thoughts", "I'm a failure; nothing will change.")
    page.fill("#id_a-behaviours", "Stays in bed until noon; stopped seeing friends.")
    page.fill("#id_a-problem_statement", "Since losing my job I feel low, stay in bed and avoid friends, so I feel useless and alone.")
    page.check("input[name=a-problem_areas][value=low_mood]")
    page.select_option("#id_a-descriptor", "F32")
    page.fill("#id_a-goals", "Get up by 8 and see a friend each week.")
    page.check("input[name=r-suicidal_thoughts][value=none]")
    page.check("input[name=r-level][value=low]")
    page.fill("#id_r-protective_factors", "Her sister; her cat.")
    screenshot(page, "front-door-assessment")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url(referral_url)

    # Measures at assessment: PHQ-9 and GAD-7 from the referral page.
    page.locator("tr", has_text="PHQ-9").get_by_role("link", name="Enter").click()
    _answer(page, "PHQ9", PHQ9)
    page.goto(referral_url)
    page.locator("tr", has_text="GAD-7").get_by_role("link", name="Enter").click()
    _answer(page, "GAD7", GAD7)
    page.goto(referral_url)
    measures = page.locator("section", has_text="Measures for this referral").inner_text()
    assert "11" in measures and "8" in measures

    page.get_by_role("link", name="Open the assessment").click()
    page.get_by_role("button", name="Complete the assessment").click()
    page.wait_for_url(referral_url)

    # 5. Proposal: step 2, behavioural activation.
    page.get_by_role("link", name="Propose a care path").click()
    page.check("input[name=proposed_step][value=step2]")
    page.select_option("#id_proposed_intervention", "ba")
    page.fill("#id_rationale", "Moderate depression (PHQ-9 11) with withdrawal; motivated.")
    page.fill("#id_client_choice", "Weekly phone sessions.")
    page.get_by_role("button", name="Send for senior review").click()
    page.wait_for_url(referral_url)
    assert "Awaiting senior review" in page.content()
    page.get_by_role("button", name="Sign out").click()

    # 6. The supervisor approves from the review queue.
    sign_in(page, base, world.supervisor_a.email)
    page.get_by_role("link", name="Reviews").click()
    page.get_by_role("link", name="נועה כהן").click()
    assert "Behavioural activation" in page.content()
    screenshot(page, "front-door-review")
    assert axe_violations(page) == []
    page.check("input[name=decision][value=approve]")
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_url("**/reviews/")
    page.goto(referral_url)
    assert "Waiting for treatment" in page.locator("h1").inner_text()

    # 7. Letters: to the GP in English, to the client in Hebrew, each previewed before its PDF.
    for recipient, language in (("gp", "en"), ("client", "he")):
        form = page.locator("form", has=page.locator(f"input[name=recipient][value={recipient}]"))
        form.locator("select[name=language]").select_option(language)
        form.get_by_role("button").click()
        page.wait_for_url("**/letters/preview/**")
        assert page.locator(f"article.letter-sheet[lang={language}]").count() == 1
        page.get_by_role("button", name="Make the PDF").click()
        page.wait_for_url(referral_url)
    screenshot(page, "front-door-letters")
    links = page.get_by_role("link", name="Open PDF")
    assert links.count() == 2
    texts = [_pdf_text(page, base, links.nth(i)) for i in range(2)]
    english = next(t for t in texts if "Dr Ruth Levi" in t)
    hebrew = next(t for t in texts if t is not english)
    assert "Behavioural activation" in english and "PHQ-9" in english
    assert "נועה כהן" in hebrew or "כהן נועה" in hebrew
    context.close()
