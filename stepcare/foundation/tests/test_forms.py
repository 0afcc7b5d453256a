"""Forms that help: a visible "required", invalid widgets marked for assistive technology, an
error summary that links to each field, free text refused past its maximum length with a
message (never cut), on the project's own forms."""

from __future__ import annotations

from datetime import date

import pytest
from django import forms

from stepcare.assessment.models import Assessment
from stepcare.clients.models import ReferralStatus
from stepcare.foundation.forms import (
    TEXT_LIMIT,
    TEXT_LIMITS,
    SubmissionTokenField,
    TextLimitsMixin,
    error_entries,
)


class Letter(TextLimitsMixin, forms.Form):
    name = forms.CharField(label="Name", max_length=20)
    problem_statement = forms.CharField(widget=forms.Textarea, required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)
    choice = forms.ChoiceField(label="Choice", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    submission_token = SubmissionTokenField()


def test_required_label_is_marked_and_optional_is_not():
    html = Letter().as_div()
    assert '<label for="id_name">Name: <span class="required-mark">(required)</span></label>' in html
    assert 'for="id_notes">Notes:</label>' in html


def test_invalid_widget_has_aria_invalid_and_points_at_its_message():
    html = Letter({"name": ""}).as_div()
    assert 'aria-invalid="true" aria-describedby="id_name_error"' in html
    assert '<ul class="errorlist" id="id_name_error">' in html


def test_text_past_its_limit_is_refused_with_a_message_and_kept_whole():
    limit = TEXT_LIMITS["problem_statement"]
    form = Letter({"name": "x", "choice": "a", "problem_statement": "y" * (limit + 1), "notes": "z" * (TEXT_LIMIT + 5)})
    assert not form.is_valid()
    assert form.errors["problem_statement"] == [f"Ensure this value has at most {limit} characters (it has {limit + 1})."]
    assert form.errors["notes"] == [f"Ensure this value has at most {TEXT_LIMIT} characters (it has {TEXT_LIMIT + 5})."]
    assert "y" * (limit + 1) in form.as_div()  # what was typed comes back whole
    assert f'data-maxlength="{limit}"' in form.as_div() and f' maxlength="{limit}"' not in form.as_div()


def test_error_summary_links_each_field_and_a_radio_group_to_its_first_option():
    form = Letter({"name": ""})
    form.is_valid()
    entries = error_entries(form, None, "")
    assert [(e["target"], e["label"]) for e in entries] == [("id_name", "Name"), ("id_choice_0", "Choice")]


def test_token_is_new_on_each_render_and_kept_on_a_form_sent_back():
    first, second = Letter()["submission_token"].value(), Letter()["submission_token"].value()
    assert first != second
    sent_back = Letter({"submission_token": str(first)})
    assert sent_back["submission_token"].value() == str(first)
    assert Letter({"submission_token": "not-a-token"}).fields["submission_token"].clean("not-a-token") is None


@pytest.mark.django_db
def test_an_assessment_too_long_is_refused_at_the_field_and_nothing_is_saved(login, world):
    referral = world.client_a1.referrals.get()
    referral.status = ReferralStatus.ASSESSMENT_BOOKED
    referral.save()
    too_long = "Low mood; " * 100 + "sleepless"  # 1,009 characters, the limit is 1,000

    response = login(world.pwp_a1).post(f"/referrals/{referral.pk}/assessment/", {
        "a-assessed_on": date.today().isoformat(), "a-problem_statement": too_long,
        "a-problem_areas": ["low_mood"], "r-suicidal_thoughts": "none", "r-level": "low",
    })

    assert response.status_code == 400
    body = response.content.decode()
    assert "at most 1000 characters (it has 1009)" in body
    assert '<a href="#id_a-problem_statement">' in body  # the summary links to the field
    assert too_long in body
    assert not Assessment.objects.filter(referral=referral).exists()
