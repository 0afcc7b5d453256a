"""A person in Chromium: sign in with a password and TOTP, switch to Hebrew, see a
right-to-left page; axe-core finds no serious or critical problems."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from stepcare.testing import PASSWORD, totp_code
from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.require_2fa]


def sign_in(page, base, email, secret=None):
    page.goto(f"{base}/accounts/login/")
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    if secret:
        page.wait_for_url("**/accounts/2fa/authenticate/")
        page.locator("input[name=code]").fill(totp_code(secret))
        page.locator("main button[type=submit]").first.click()
    page.wait_for_url(f"{base}/")


def test_pwp_signs_in_with_totp_and_switches_to_hebrew(page, live_server, tx_world):
    secret = generate_totp_secret()
    TOTP.activate(tx_world.pwp_a1, secret)
    sign_in(page, live_server.url, tx_world.pwp_a1.email, secret)
    assert page.locator("h1").inner_text().startswith("Welcome")
    assert page.locator("html").get_attribute("dir") == "ltr"
    screenshot(page, "home-en")

    page.select_option("#language-select", "he")
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.documentElement.dir === 'rtl'")
    assert page.locator("html").get_attribute("lang") == "he"
    assert "bootstrap.rtl" in page.locator("link[rel=stylesheet]").first.get_attribute("href")
    # The navigation runs from the right in Hebrew.
    brand = page.locator(".navbar-brand").bounding_box()
    assert brand["x"] > 640
    screenshot(page, "home-he")


def test_wrong_totp_code_does_not_sign_in(page, live_server, tx_world):
    TOTP.activate(tx_world.pwp_a1, generate_totp_secret())
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail").fill(tx_world.pwp_a1.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.locator("input[name=code]").fill("000000")
    page.locator("main button[type=submit]").first.click()
    assert "/accounts/2fa/authenticate/" in page.url
    page.goto(f"{live_server.url}/")
    # Still held at a sign-in step, never the home page.
    assert "/accounts/" in page.url
    assert "Welcome" not in page.content()


@pytest.mark.parametrize("language", ["en", "he", "ar"])
def test_login_and_home_pages_pass_axe(page, live_server, tx_world, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    page.goto(f"{live_server.url}/accounts/login/")
    assert axe_violations(page) == []
    secret = generate_totp_secret()
    TOTP.activate(tx_world.supervisor_a, secret)
    sign_in(page, live_server.url, tx_world.supervisor_a.email, secret)
    assert axe_violations(page) == []
    screenshot(page, f"supervisor-home-{language}")


def test_phone_width_has_no_horizontal_scroll(browser, live_server, tx_world):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    secret = generate_totp_secret()
    TOTP.activate(tx_world.pwp_a1, secret)
    sign_in(page, live_server.url, tx_world.pwp_a1.email, secret)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "home-phone")
    context.close()
