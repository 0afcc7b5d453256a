"""The live total shown while a form is filled in agrees with the real score."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepcare.measures.engine import AnswerError, load_catalogue, running_total, score

CATALOGUE = load_catalogue()


@st.composite
def complete_answers(draw, code):
    instrument = CATALOGUE[code]
    return {
        item.id: draw(st.sampled_from(instrument.options_for(item).scores)) for item in instrument.items
    }


@pytest.mark.parametrize("code", list(CATALOGUE))
def test_running_total_of_a_complete_form_equals_the_raw_score(code):
    @settings(max_examples=25, deadline=None)
    @given(complete_answers(code))
    def check(answers):
        instrument = CATALOGUE[code]
        running = running_total(instrument, answers)
        result = score(instrument, answers)
        expected = result.total if instrument.scoring.method == "mean" else result.raw_total
        assert running.total == pytest.approx(expected)
        assert running.answered == running.expected
        assert {f.item for f in running.risk_flags} == {f.item for f in result.risk_flags}

    check()


def test_running_total_counts_answered_items_and_flags_risk_early():
    phq9 = CATALOGUE["PHQ9"]
    running = running_total(phq9, {"q1": 2, "q9": 1})
    assert running.total == 3 and running.answered == 2 and running.expected == 9
    assert [f.item for f in running.risk_flags] == ["q9"]
    assert running_total(phq9, {}).total is None
    assert running_total(phq9, {"q1": 1}).risk_flags == ()  # blank risk item flags only on submit


def test_running_total_refuses_out_of_range_values():
    with pytest.raises(AnswerError, match="q2"):
        running_total(CATALOGUE["GAD7"], {"q2": 4})


def test_reversed_items_count_reversed():
    core10 = CATALOGUE["CORE10"]
    assert running_total(core10, {"q2": 0}).total == 4  # item 2 is reverse-scored
