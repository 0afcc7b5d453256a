"""One record per submission, in Chromium: Save double-clicked on the client registration,
assessment, contact-attempt and questionnaire forms stores one record; so does the same
rendered form sent twice by the page (a second tab, a resend: the page's own guard is not
involved), which the server answers both times with the first one's result. (The same token
at the same moment from two threads: stepcare/foundation/tests/test_submissions.py.)"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from stepcare.assessment.models import Assessment
from stepcare.clients.models import Client, ContactAttempt, ReferralStatus
from stepcare.measures.models import MeasureResponse
from tests.browser.test_foundation_browser import sign_in

pytestmark = pytest.mark.browser

# Send the form's own data twice, as a second tab or the browser's resend would. (One after the
# other: the in-memory test database cannot take two writers at once.)
SENT_TWICE = """async ([selector, button]) => {
  const form = document.querySelector(selector);
  const data = new FormData(form, button ? form.querySelector(button) : null);
  const send = () => fetch(form.action || location.href, {method: "POST", body: data, credentials: "same-origin"});
  const first = await send();
  const second = await send();
  return [first, second].map((answer) => [answer.status, answer.url]);
}"""


def _send(page, how, selector, button, save_name, lands_on):
    if how == "double-click":
        page.get_by_role("button", name=save_name, exact=True).dblclick()
        page.wait_for_url(lands_on)
        page.wait_for_load_state("load")
        return None
    answers = page.evaluate(SENT_TWICE, [selector, button])
    assert [status for status, _ in answers] == [200, 200]
    assert answers[0][1] == answers[1][1]  # both sent to the first one's result
    return answers


def _referral(world):
    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.ASSESSMENT_BOOKED
    referral.save()
    return referral


@pytest.mark.parametrize("how", ["double-click", "sent-twice"])
def test_client_registration_stores_one_client(page, live_server, tx_world, how):
    sign_in(page, live_server.url, tx_world.pwp_a1.email)
    page.goto(f"{live_server.url}/referrals/new/")
    page.fill("#id_client-given_name", "Noa")
    page.fill("#id_client-family_name", "Twice")
    page.fill("#id_client-date_of_birth", "1990-03-14")
    page.fill("#id_client-israeli_id", "000000018")
    page.select_option("#id_referral-source", "gp")
    page.fill("#id_referral-received_on", (date.today() - timedelta(days=3)).isoformat())
    page.fill("#id_referral-reason", "Low mood.")
    page.check("input[name=referral-problem_areas][value=low_mood]")

    _send(page, how, "main form[method=post]", None, "Save referral", re.compile(r"/referrals/\d+/$"))

    assert Client.objects.filter(family_name="Twice").count() == 1
    assert Client.objects.get(family_name="Twice").referrals.count() == 1


@pytest.mark.parametrize("how", ["double-click", "sent-twice"])
def test_assessment_stores_one_assessment(page, live_server, tx_world, how):
    referral = _referral(tx_world)
    sign_in(page, live_server.url, tx_world.pwp_a1.email)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/assessment/")
    page.fill("#id_a-problem_statement", "Low since losing her job.")
    page.check("input[name=r-suicidal_thoughts][value=none]")
    page.check("input[name=r-level][value=low]")

    _send(page, how, "main form[method=post]", "button[name=draft]", "Save as draft", f"**/referrals/{referral.pk}/")

    assert Assessment.objects.filter(referral=referral).count() == 1


@pytest.mark.parametrize("how", ["double-click", "sent-twice"])
def test_contact_attempt_stores_one_attempt(page, live_server, tx_world, how):
    referral = tx_world.client_a1.referrals.get()
    sign_in(page, live_server.url, tx_world.pwp_a1.email)
    page.goto(f"{live_server.url}/referrals/{referral.pk}/")
    page.locator("form[action$='/contact/']").evaluate("(form) => form.addEventListener('submit', () => { window.sent = true; })")

    _send(page, how, "form[action$='/contact/']", None, "Record attempt", f"**/referrals/{referral.pk}/")
    page.wait_for_function("() => window.sent === undefined")  # the page was replaced by the answer

    assert ContactAttempt.objects.filter(referral=referral).count() == 1


@pytest.mark.parametrize("how", ["double-click", "sent-twice"])
def test_questionnaire_stores_one_response(page, live_server, tx_world, how):
    referral = tx_world.client_a1.referrals.get()
    sign_in(page, live_server.url, tx_world.pwp_a1.email)
    page.goto(f"{live_server.url}/measures/referrals/{referral.pk}/new/PHQ9/")
    for number in range(1, 10):
        page.check(f"#item-q{number} input[value='1']")

    _send(page, how, "form[data-score-keys]", None, "Save questionnaire", "**/measures/responses/*/")

    assert MeasureResponse.objects.filter(referral=referral).count() == 1
