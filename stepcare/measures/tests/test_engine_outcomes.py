"""NHS Talking Therapies outcome rules (docs/clinical-definitions.md §3) and reliable change."""

from dataclasses import replace
from datetime import UTC, date

import pytest

from stepcare.measures.engine import (
    choose_anxiety_measure,
    classify_referral,
    compare,
    load_catalogue,
    rate,
    score,
    suggested_anxiety_measure,
)
from stepcare.measures.engine.definitions import ReliableChange

CATALOGUE = load_catalogue()
START, MIDDLE, END = date(2024, 1, 8), date(2024, 2, 5), date(2024, 3, 4)


def pair(first, last):
    return [(START, first), (END, last)]


def outcome(phq9, gad7, descriptor=None, **others):
    scores = {"PHQ9": pair(*phq9), "GAD7": pair(*gad7)}
    scores.update({code: pair(*values) for code, values in others.items()})
    return classify_referral(descriptor=descriptor, scores=scores)


def test_recovery_caseness_at_start_and_below_caseness_on_both_at_the_end():
    result = outcome((15, 5), (12, 4), descriptor="F32.1")
    assert result.paired and result.caseness_at_start
    assert result.recovery is True
    assert result.reliable_improvement is True
    assert result.reliable_recovery is True
    assert (result.depression_measure, result.anxiety_measure) == ("PHQ9", "GAD7")
    assert (result.depression_first, result.depression_last) == (15, 5)


def test_no_recovery_while_one_measure_is_still_at_caseness():
    result = outcome((15, 5), (12, 8))
    assert result.recovery is False
    assert result.reliable_improvement is True  # PHQ-9 fell 10, GAD-7 fell 4: both reliable
    assert result.reliable_recovery is False


@pytest.mark.parametrize(
    ("phq9", "gad7", "case"),
    [((9, 2), (7, 2), False), ((10, 2), (7, 2), True), ((9, 2), (8, 2), True)],
)
def test_caseness_at_start_is_phq9_10_or_gad7_8(phq9, gad7, case):
    assert outcome(phq9, gad7).caseness_at_start is case


def test_not_at_caseness_is_not_recovery_but_can_reliably_improve():
    result = outcome((8, 2), (7, 3))
    assert result.caseness_at_start is False
    assert result.recovery is False
    assert result.reliable_improvement is True  # PHQ-9 -6, GAD-7 -4
    assert result.reliable_recovery is False


@pytest.mark.parametrize(
    ("phq9", "gad7", "improved"),
    [((15, 10), (12, 9), False), ((15, 9), (12, 12), True), ((15, 15), (12, 8), True)],
)
def test_reliable_improvement_needs_phq9_fall_of_6_or_gad7_fall_of_4(phq9, gad7, improved):
    assert outcome(phq9, gad7).reliable_improvement is improved


def test_reliable_fall_with_reliable_rise_on_the_other_measure_is_not_improvement():
    result = outcome((20, 10), (5, 12))
    assert result.reliable_improvement is False
    assert result.reliable_deterioration is False
    assert result.no_reliable_change is True
    assert result.recovery is False


@pytest.mark.parametrize(
    ("phq9", "gad7"), [((10, 16), (8, 8)), ((5, 5), (4, 8)), ((10, 17), (8, 13))]
)
def test_reliable_deterioration(phq9, gad7):
    result = outcome(phq9, gad7)
    assert result.reliable_deterioration is True
    assert result.reliable_improvement is False
    assert result.no_reliable_change is False


def test_rise_just_below_reliable_change_is_no_reliable_change():
    result = outcome((10, 15), (8, 11))
    assert (
        result.reliable_deterioration,
        result.reliable_improvement,
        result.no_reliable_change,
    ) == (False, False, True)


def test_social_anxiety_with_paired_spin_uses_spin_and_its_thresholds():
    # GAD-7 alone would say "not at caseness" and "no reliable change"; SPIN says both.
    result = outcome((5, 4), (6, 5), descriptor="F40.1", SPIN=(40, 18))
    assert result.anxiety_measure == "SPIN"
    assert result.caseness_at_start is True
    assert result.recovery is True
    assert result.reliable_improvement is True
    assert any(note.startswith("SPIN: caseness") for note in result.unverified)


def test_social_anxiety_without_paired_spin_falls_back_to_gad7():
    scores = {"PHQ9": pair(5, 4), "GAD7": pair(6, 5), "SPIN": [(START, 40)]}
    result = classify_referral(descriptor="F40.1", scores=scores)
    assert result.anxiety_measure == "GAD7"
    assert result.caseness_at_start is False


@pytest.mark.parametrize("descriptor", ["F40.1", "f40.1", "F401", "F40.10", " F40.1 "])
def test_descriptor_spellings(descriptor):
    assert choose_anxiety_measure(descriptor, {"SPIN": pair(30, 10)}) == "SPIN"


@pytest.mark.parametrize(
    ("descriptor", "measure"),
    [
        ("F43.1", "PCL5"),
        ("F40.0", "MI"),
        ("F42.2", "OCIR"),
        ("F41.0", "PDSS"),
        ("F45.2", "HAI"),
        ("F41.1", "GAD7"),
        ("F41.2", "GAD7"),
        ("F32.1", "GAD7"),
        (None, "GAD7"),
        ("F40", "GAD7"),
    ],
)
def test_adsm_for_each_descriptor(descriptor, measure):
    paired_everything = {
        code: pair(20, 10)
        for code in ("SPIN", "PCL5", "IESR", "MI", "OCIR", "OCI", "PDSS", "HAI")
    }
    assert choose_anxiety_measure(descriptor, paired_everything) == measure


@pytest.mark.parametrize(
    ("paired", "measure"),
    [({"OCIR", "OCI"}, "OCIR"), ({"OCI"}, "OCI"), ({"OCIR"}, "OCIR"), (set(), "GAD7")],
)
def test_ocd_uses_oci_r_when_paired_else_the_older_oci(paired, measure):
    scores = {code: pair(60, 30) for code in paired}
    if "OCIR" not in paired:
        scores["OCIR"] = [(START, 30)]  # a single OCI-R score is not a pair
    assert choose_anxiety_measure("F42", scores) == measure
    assert suggested_anxiety_measure("F42") == "OCIR"


def test_ocd_on_the_older_oci_names_what_it_lacks():
    result = outcome((15, 5), (9, 4), descriptor="F42", OCI=(90, 40))
    assert (result.paired, result.anxiety_measure) == (True, "OCI")
    assert (result.anxiety_first, result.anxiety_last) == (90, 40)
    assert result.caseness_at_start is True  # PHQ-9 15 is at caseness; the OCI has no cut-off
    assert "OCI: no caseness value" in result.unverified
    assert "OCI: no reliable-change value (counts as no reliable change)" in result.unverified


@pytest.mark.parametrize(
    ("phq9", "improved", "worse", "unchanged"),
    [((15, 5), True, False, False), ((5, 15), False, True, False), ((15, 12), False, False, True)],
)
def test_a_measure_without_reliable_change_counts_as_neither_fall_nor_rise(
    phq9, improved, worse, unchanged
):
    # docs/clinical-definitions.md §3.12: the OCI's fall of 50 is not a reliable fall (it has no value), so PHQ-9
    # alone decides; it is not "undecided".
    result = outcome(phq9, (9, 4), descriptor="F42", OCI=(90, 40))
    assert result.anxiety_measure == "OCI"
    assert (
        result.reliable_improvement,
        result.reliable_deterioration,
        result.no_reliable_change,
    ) == (improved, worse, unchanged)


def test_ptsd_falls_back_to_ies_r_when_only_ies_r_is_paired():
    assert choose_anxiety_measure("F43.1", {"IESR": pair(40, 20), "PCL5": [(START, 50)]}) == "IESR"


def test_ptsd_on_pcl5_uses_the_flagged_10_point_reliable_change():
    # PHQ-9 falls 4 (not reliable); PCL-5 falls 30 (docs/clinical-definitions.md §1.14.4: PCL-5 default 10 points).
    result = outcome((12, 8), (10, 4), descriptor="F43.1", PCL5=(50, 20))
    assert result.anxiety_measure == "PCL5"
    assert result.recovery is True  # caseness uses the provisional cut-off (flagged unverified)
    assert result.reliable_improvement is True
    assert result.reliable_recovery is True
    assert any(
        note.startswith("PCL5: reliable change 10 UNVERIFIED (US National Center for PTSD")
        for note in result.unverified
    )


@pytest.mark.parametrize(("last", "improved"), [(41, False), (40, True)])
def test_pcl5_reliable_change_is_a_fall_of_10_or_more(last, improved):
    result = outcome((12, 8), (10, 4), descriptor="F43.1", PCL5=(50, last))
    assert result.reliable_improvement is improved


def test_agoraphobia_mean_scores_use_the_float_reliable_change():
    result = outcome((5, 5), (5, 5), descriptor="F40.0", MI=(3.0, 2.27))
    assert result.anxiety_measure == "MI"
    assert result.caseness_at_start is True
    assert result.recovery is True  # 2.27 is not above 2.3
    assert result.reliable_improvement is True  # a fall of exactly 0.73


def test_only_one_score_is_not_paired():
    result = classify_referral(descriptor=None, scores={"PHQ9": [(START, 15)], "GAD7": pair(12, 4)})
    assert result.paired is False
    assert result.recovery is None and result.reliable_improvement is None
    assert result.depression_first == 15


def test_two_scores_at_the_same_contact_are_not_paired():
    same = [(START, 15), (START, 5)]
    assert classify_referral(descriptor=None, scores={"PHQ9": same, "GAD7": same}).paired is False


def test_first_and_last_are_by_time_not_by_list_order():
    scores = {
        "PHQ9": [(END, 5), (START, 15), (MIDDLE, 20)],
        "GAD7": [(MIDDLE, 13), (END, 4), (START, 12)],
    }
    result = classify_referral(descriptor=None, scores=scores)
    assert (result.depression_first, result.depression_last) == (15, 5)
    assert (result.anxiety_first, result.anxiety_last) == (12, 4)
    assert result.recovery is True


def test_outcome_as_dict():
    data = outcome((15, 5), (12, 4)).as_dict()
    assert data["recovery"] is True and data["anxiety_measure"] == "GAD7"


def test_published_rate_check_june_2020():
    assert round(rate(27_884, 57_060 - 3_200), 1) == 51.8
    assert round(rate(39_417, 57_060), 1) == 69.1
    assert round(rate(26_457, 54_672), 1) == 48.4
    assert rate(5, 0) is None


# --- compare() ------------------------------------------------------------------------------


def phq9_total(total):
    answers = {f"q{n}": 0 for n in range(1, 10)}
    for n in range(1, 10):
        answers[f"q{n}"] = min(3, total)
        total -= answers[f"q{n}"]
    return score(CATALOGUE["PHQ9"], answers)


@pytest.mark.parametrize(
    ("first", "last", "improved", "worse"),
    [(15, 9, True, False), (15, 10, False, False), (9, 15, False, True), (9, 14, False, False)],
)
def test_compare_phq9(first, last, improved, worse):
    change = compare(CATALOGUE["PHQ9"], phq9_total(first), phq9_total(last))
    assert change.delta == last - first
    assert (change.reliable_improvement, change.reliable_deterioration) == (improved, worse)


def test_compare_higher_is_better_for_wellbeing():
    # SWEMWBS ships without a reliable-change value; give one here (TEST DATA) to check direction.
    swemwbs = replace(CATALOGUE["SWEMWBS"], reliable_change=ReliableChange(3, "test data", False))
    low = score(swemwbs, {f"q{n}": 2 for n in range(1, 8)})
    high = score(swemwbs, {f"q{n}": 3 for n in range(1, 8)})
    assert compare(swemwbs, low, high).reliable_improvement is True
    assert compare(swemwbs, high, low).reliable_deterioration is True
    assert compare(CATALOGUE["SWEMWBS"], low, high).reliable_improvement is None


def test_compare_refuses_scores_of_another_instrument():
    gad7 = score(CATALOGUE["GAD7"], {f"q{n}": 1 for n in range(1, 8)})
    with pytest.raises(ValueError, match="GAD7"):
        compare(CATALOGUE["PHQ9"], gad7, gad7)


def test_scores_at_the_same_time_are_ordered_the_same_whatever_the_input_order():
    """A fixed tie-break: two scores taken at one moment never make the result depend on the
    order they were read in."""
    from datetime import datetime

    from stepcare.measures.engine.outcomes import paired_scores

    start, end = datetime(2026, 1, 5, 10, tzinfo=UTC), datetime(2026, 3, 1, 10, tzinfo=UTC)
    points = [(start, 18.0), (end, 7.0), (end, 9.0), (start, 16.0)]
    assert paired_scores(points) == paired_scores(list(reversed(points))) == (16.0, 9.0)
