"""Ready on day one, in England or in Israel (issue 8): the demo's two services in Chromium.

England: a PWP registers a GP referral with a spaced NHS number, assesses, proposes step 2;
the supervisor approves; the client letter, previewed and then made, lists 999, NHS 111 and
Samaritans and the service's phone. Israel, in Hebrew: the same journey with an ID number
and the letter lists ERAN 1201. Selectors are language-free, so the Hebrew run clicks the
same controls a Hebrew-speaking PWP would."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date, timedelta

import pytest
from django.utils import timezone

from stepcare.clients.models import Client
from stepcare.demo.loader import DEMO_DOMAIN, DEMO_PASSWORD, ENGLAND_DOMAIN, load_demo
from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser


def _sign_in(page, base, email):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{base}/")


def _sign_out(page):
    page.locator("form[action*=logout] button[type=submit]").click()
    page.wait_for_load_state("load")


def _submit(page, form_selector):
    page.locator(f"{form_selector} button[type=submit]").first.click()
    page.wait_for_load_state("load")


def _pdf_text(page, base, href) -> str:
    response = page.request.get(base + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run([pdftotext, "-enc", "UTF-8", "-", "-"], input=response.body(), capture_output=True, check=True)
    return _plain(out.stdout.decode())


def _plain(text: str) -> str:
    """Text without direction controls (pdftotext marks right-to-left runs with them, and the
    letters isolate data), spaces collapsed."""
    return " ".join(re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text).split())


def _journey(page, base, *, domain, given, family, identifier, language, name):
    """Referral → assessment → proposal → approval → client letter (preview, then PDF).
    Returns the client letter's text."""
    _sign_in(page, base, f"pwp1@{domain}")
    if language != "en":
        page.select_option("#language-select", language)
        page.wait_for_function(f"() => document.documentElement.lang === '{language}'")

    # 1. A GP referral.
    page.goto(f"{base}/referrals/new/")
    page.fill("#id_client-given_name", given)
    page.fill("#id_client-family_name", family)
    page.fill("#id_client-date_of_birth", "1988-05-02")
    page.select_option("#id_client-gender", "female")
    page.select_option("#id_client-preferred_language", language)
    page.fill(f"#id_client-{identifier[0]}", identifier[1])
    page.fill("#id_client-phone", "07700 900123" if domain == ENGLAND_DOMAIN else "050-7654321")
    page.fill("#id_client-gp_name", "Dr Ruth Hale")
    page.select_option("#id_referral-source", "gp")
    page.fill("#id_referral-received_on", (date.today() - timedelta(days=5)).isoformat())
    page.fill("#id_referral-reason", "Low mood since losing her job.")
    page.check("input[name=referral-problem_areas][value=low_mood]")
    screenshot(page, f"two-countries-{name}-referral")
    _submit(page, "main form.stacked-form")
    page.wait_for_url("**/referrals/*/")
    referral_url = page.url

    # 2. Take it, book and run the assessment.
    _submit(page, "form[action*=allocate]")
    page.fill("#id_starts_at", (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    _submit(page, "form[action*=book]")
    page.locator("main a[href$='/assessment/']").first.click()
    page.fill("#id_a-problem_statement", "Since losing my job I feel low and stay in bed, so I feel useless.")
    page.check("input[name=a-problem_areas][value=low_mood]")
    page.select_option("#id_a-descriptor", "F32")
    page.check("input[name=r-suicidal_thoughts][value=none]")
    page.check("input[name=r-level][value=low]")
    page.locator("button[name=complete]").click()
    page.wait_for_url(referral_url)

    # 3. Propose step 2, behavioural activation.
    page.locator("main a[href$='/proposal/']").click()
    page.check("input[name=proposed_step][value=step2]")
    page.select_option("#id_proposed_intervention", "ba")
    page.fill("#id_rationale", "Moderate low mood; motivated.")
    page.fill("#id_client_choice", "Weekly phone sessions.")
    _submit(page, "main form[method=post]")
    page.wait_for_url(referral_url)
    _sign_out(page)

    # 4. The supervisor approves.
    _sign_in(page, base, f"supervisor1@{domain}")
    page.goto(f"{base}/reviews/")
    page.locator("main a[href*='/decisions/']", has_text=f"{given} {family}").click()
    page.check("input[name=decision][value=approve]")
    _submit(page, "main form.stacked-form")
    page.wait_for_url("**/reviews/")

    # 5. The client letter in the client's language: previewed, then made.
    page.goto(referral_url)
    screenshot(page, f"two-countries-{name}-referral-agreed")
    client_form = page.locator("form", has=page.locator("input[name=recipient][value=client]"))
    client_form.locator("select[name=language]").select_option(language)
    client_form.locator("button[type=submit]").click()
    page.wait_for_url("**/letters/preview/**")
    sheet = page.locator(f"article.letter-sheet[lang={language}]")
    assert sheet.count() == 1
    screenshot(page, f"two-countries-{name}-preview")
    preview_text = _plain(sheet.inner_text())
    _submit(page, "main form[action*='/letters/new/']")
    page.wait_for_url(referral_url)
    links = page.locator("a[href$='/pdf']")
    assert links.count() == 1
    return preview_text, _pdf_text(page, base, links.first.get_attribute("href"))


def test_england_service_letter_lists_nhs_crisis_lines_and_its_phone(browser, live_server, transactional_db):
    load_demo()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    preview, text = _journey(
        page, live_server.url, domain=ENGLAND_DOMAIN, given="Grace", family="Holloway",
        identifier=("nhs_number", "943 476 5919"), language="en", name="england",
    )

    client = Client.objects.get(given_name="Grace", family_name="Holloway")
    assert client.nhs_number == "9434765919" and client.israeli_id == ""
    for expected in ("999", "NHS 111", "option 2", "Samaritans", "116 123", "0117 496 0000", "NHS number 943 476 5919"):
        assert expected in text, expected
        assert expected in preview, expected
    assert "1201" not in text and "Magen David Adom" not in text
    assert "call us on the number at the top of this letter" in text
    context.close()


def test_israeli_service_in_hebrew_letter_lists_eran(browser, live_server, transactional_db):
    load_demo()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()

    preview, text = _journey(
        page, live_server.url, domain=DEMO_DOMAIN, given="מיכל", family="ברק",
        identifier=("israeli_id", "000000018"), language="he", name="israel",
    )

    assert page.evaluate("document.documentElement.dir") == "rtl"
    client = Client.objects.get(family_name="ברק")
    assert client.israeli_id == "000000018" and client.nhs_number == ""
    assert "1201" in text and "03-555-0100" in text
    assert "מיכל ברק" in text or "ברק מיכל" in text
    assert "999" not in text and "Samaritans" not in text
    assert "1201" in preview
    context.close()
