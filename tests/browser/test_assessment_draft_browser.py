"""Issue 8 item 6 in Chromium: a PWP types into the assessment, follows a questionnaire link and
is warned first (dismissing keeps what was typed); saves a draft without the risk section;
enters the GAD-7 from the assessment and comes back to it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from stepcare.assessment.models import Assessment
from tests.browser.test_foundation_browser import sign_in

pytestmark = pytest.mark.browser


def test_unsaved_assessment_warns_then_draft_saves_and_questionnaire_returns(page, live_server, tx_world):
    world = tx_world
    referral = world.client_a1.referrals.get()
    base = live_server.url
    sign_in(page, base, world.pwp_a1.email)
    assessment_url = reverse("assessment:edit", args=[referral.pk])
    page.goto(base + assessment_url)

    # Typed but not saved: the questionnaire link asks first; "Cancel" stays with the text.
    page.locator("#id_a-thoughts").fill("Nobody would notice if I stopped trying.")
    dialogs = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.get_by_role("link", name="Enter GAD7").click()
    assert dialogs and "not saved" in dialogs[0]
    assert page.url.endswith(assessment_url)
    assert page.locator("#id_a-thoughts").input_value() == "Nobody would notice if I stopped trying."

    # Save as draft: no risk level, no problem statement yet.
    page.get_by_role("button", name="Save as draft").click()
    page.wait_for_url("**/referrals/*/")
    draft = Assessment.objects.get(referral=referral)
    assert draft.status == "draft" and draft.thoughts.startswith("Nobody would notice")

    # From the saved draft to the GAD-7 (no warning: nothing unsaved) and back again.
    page.goto(base + assessment_url)
    page.get_by_role("link", name="Enter GAD7").click()
    page.wait_for_url(re.compile(r".*/new/GAD7/\?next=.*"))
    for number in range(1, 8):
        page.locator(f"#item-q{number} input[value='1']").check()
    page.get_by_role("button", name="Save questionnaire").click()
    page.wait_for_url("**" + assessment_url)
    assert referral.measure_responses.count() == 1
    assert page.locator("#id_a-thoughts").input_value().startswith("Nobody would notice")
