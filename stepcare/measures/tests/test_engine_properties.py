"""Property tests run over EVERY instrument in the catalogue (hypothesis).

They recompute totals independently of scoring.py, so a wrong reversal, a dropped item or a
band gap in any data file fails here.
"""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stepcare.measures.engine import AnswerError, Instrument, load_catalogue, score

CATALOGUE = load_catalogue()
CODES = sorted(CATALOGUE)


def applicable(ins: Instrument, context: dict[str, bool]) -> list:
    return [
        i for i in ins.items if not (i.not_applicable_when and context.get(i.not_applicable_when))
    ]


def draw_context(data, ins: Instrument) -> dict[str, bool]:
    return {key: data.draw(st.booleans(), label=key) for key in ins.context_keys}


def draw_complete_answers(data, ins: Instrument, context: dict[str, bool]) -> dict[str, int]:
    return {
        item.id: data.draw(st.sampled_from(ins.options_for(item).scores), label=item.id)
        for item in applicable(ins, context)
    }


def expected_total(
    ins: Instrument, answers: dict[str, int | None], context: dict[str, bool]
) -> float:
    """Independent re-statement of the scoring rule (no code shared with scoring.py)."""
    values = []
    for item in applicable(ins, context):
        answer = answers.get(item.id)
        if not item.scored or answer is None:
            continue
        options = ins.options_for(item)
        values.append(
            min(options.scores) + max(options.scores) - answer if item.reverse else answer
        )
    if ins.scoring.method == "mean":
        return sum(values) / len(values)
    if ins.scoring.method == "table":
        return ins.scoring.conversion[sum(values)]
    return sum(values)


@pytest.mark.parametrize("code", CODES)
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_total_is_the_sum_of_scored_answers_after_reversal(code, data):
    ins = CATALOGUE[code]
    context = draw_context(data, ins)
    answers = draw_complete_answers(data, ins, context)
    result = score(ins, answers, context=context)
    assert result.total == pytest.approx(expected_total(ins, answers, context))
    low, high = ins.total_range()
    assert low <= result.total <= high
    assert result.missing_items == ()
    assert not result.prorated


@pytest.mark.parametrize("code", [code for code in CODES if CATALOGUE[code].bands])
def test_bands_are_ordered_and_cover_the_range_without_gap_or_overlap(code):
    ins = CATALOGUE[code]
    low, high = ins.total_range()
    assert [b.min for b in ins.bands] == sorted(b.min for b in ins.bands)
    for total in range(int(low), int(high) + 1):
        matching = [b for b in ins.bands if b.min <= total <= b.max]
        assert len(matching) == 1, f"{code}: total {total} is in {len(matching)} bands"


@pytest.mark.parametrize("code", CODES)
@given(data=st.data())
@settings(max_examples=40, deadline=None)
def test_band_of_any_complete_answer_set_contains_its_total(code, data):
    ins = CATALOGUE[code]
    context = draw_context(data, ins)
    result = score(ins, draw_complete_answers(data, ins, context), context=context)
    if ins.bands:
        band = next(b for b in ins.bands if b.key == result.band_key)
        assert band.min <= result.total <= band.max
    else:
        assert result.band_key is None


@pytest.mark.parametrize("code", CODES)
@given(data=st.data())
@settings(max_examples=40, deadline=None)
def test_out_of_range_answer_is_refused_naming_item_and_range(code, data):
    ins = CATALOGUE[code]
    answers: dict[str, int | None] = dict(draw_complete_answers(data, ins, {}))
    item = data.draw(st.sampled_from(ins.items), label="item")
    allowed = ins.options_for(item).scores
    bad = data.draw(st.integers(-1000, 1000).filter(lambda v: v not in allowed), label="bad")
    answers[item.id] = bad
    with pytest.raises(AnswerError) as error:
        score(ins, answers)
    message = str(error.value)
    assert f"item {item.id} " in message
    assert ins.options_for(item).describe_allowed() in message


@pytest.mark.parametrize("code", CODES)
def test_boolean_answer_is_refused(code):
    ins = CATALOGUE[code]
    item = ins.items[0]
    with pytest.raises(AnswerError, match=f"item {item.id} "):
        score(ins, {item.id: True})


@pytest.mark.parametrize("code", CODES)
@given(data=st.data(), unknown=st.from_regex(r"\A[a-z_]{1,12}[0-9]{0,3}\Z"))
@settings(max_examples=30, deadline=None)
def test_unknown_item_is_refused_naming_it(code, data, unknown):
    ins = CATALOGUE[code]
    if unknown in ins.item_ids:
        return
    answers = dict(draw_complete_answers(data, ins, {}))
    answers[unknown] = 0
    with pytest.raises(AnswerError, match=re.escape(repr(unknown))):
        score(ins, answers)


@pytest.mark.parametrize("code", CODES)
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_missing_item_rule(code, data):
    ins = CATALOGUE[code]
    answers: dict[str, int | None] = dict(draw_complete_answers(data, ins, {}))
    required = [i.id for i in ins.items if i.scored and not i.optional]
    blank = data.draw(
        st.lists(st.sampled_from(required), unique=True, max_size=len(required)), label="blank"
    )
    if (
        ins.scoring.method == "mean"
        and len(blank) == len(required)
        and not any(i.optional and i.scored for i in ins.items)
    ):
        blank = blank[:-1]  # keep at least one answer so a mean exists
    for item_id in blank:
        answers[item_id] = None
    if len(blank) > ins.scoring.max_missing:
        with pytest.raises(AnswerError) as error:
            score(ins, answers)
        listed = re.search(r"\(([^)]*)\)", str(error.value))
        assert listed is not None
        assert set(listed.group(1).split(", ")) == set(blank)
    else:
        result = score(ins, answers)
        assert set(result.missing_items) == set(blank)
        assert result.prorated == (bool(blank) and ins.scoring.prorate)
        if ins.scoring.method == "mean":
            assert result.total == pytest.approx(expected_total(ins, answers, {}))
