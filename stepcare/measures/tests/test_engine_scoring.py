"""Published cut-offs and scoring rules, one table row per fact (sources in docs/clinical-definitions.md §8)."""

import pytest

from stepcare.measures.engine import AnswerError, load_catalogue, score

CATALOGUE = load_catalogue()


def answers_for_total(code: str, total: int) -> dict[str, int]:
    """Answers whose (non-reversed, scored) items add up to ``total``; others at their floor."""
    ins = CATALOGUE[code]
    answers: dict[str, int] = {}
    remaining = total
    for item in ins.items:
        options = ins.options_for(item)
        if item.reverse:
            answers[item.id] = options.highest  # reverses to the lowest score
            continue
        value = (
            min(options.highest, max(options.lowest, remaining)) if item.scored else options.lowest
        )
        answers[item.id] = value
        if item.scored:
            remaining -= value - options.lowest
    assert score(ins, answers).raw_total == total
    return answers


# --- PHQ-9 (CAMCOPS phq9.py; RCI-2nd) ------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_band_edges(total, band):
    assert score(CATALOGUE["PHQ9"], answers_for_total("PHQ9", total)).band_key == band


@pytest.mark.parametrize(("total", "case"), [(9, False), (10, True)])
def test_phq9_caseness_is_10_or_more(total, case):
    assert score(CATALOGUE["PHQ9"], answers_for_total("PHQ9", total)).caseness is case


@pytest.mark.parametrize(("total", "case"), [(7, False), (8, True)])
def test_gad7_caseness_is_8_or_more(total, case):
    assert score(CATALOGUE["GAD7"], answers_for_total("GAD7", total)).caseness is case


@pytest.mark.parametrize(
    ("total", "band"), [(4, "minimal"), (5, "mild"), (14, "moderate"), (15, "severe")]
)
def test_gad7_band_edges(total, band):
    assert score(CATALOGUE["GAD7"], answers_for_total("GAD7", total)).band_key == band


def test_phq9_item_9_above_zero_raises_a_risk_flag_even_with_a_low_total():
    answers = {f"q{n}": 0 for n in range(1, 10)} | {"q9": 1}
    result = score(CATALOGUE["PHQ9"], answers)
    assert result.total == 1
    assert [flag.item for flag in result.risk_flags] == ["q9"]


def test_phq9_item_9_at_zero_raises_no_flag():
    result = score(CATALOGUE["PHQ9"], {f"q{n}": 3 for n in range(1, 9)} | {"q9": 0})
    assert result.risk_flags == ()


def test_phq9_item_10_is_not_scored_and_may_be_blank():
    base = {f"q{n}": 1 for n in range(1, 10)}
    assert score(CATALOGUE["PHQ9"], base).total == 9
    assert score(CATALOGUE["PHQ9"], base | {"q10": 3}).total == 9


def test_gad7_item_8_is_not_scored_and_may_be_blank():
    base = {f"q{n}": 2 for n in range(1, 8)}
    result = score(CATALOGUE["GAD7"], base)
    assert (result.total, result.missing_items, result.answers["q8"]) == (14, (), None)
    assert score(CATALOGUE["GAD7"], base | {"q8": 3}).total == 14


def test_phq9_refuses_a_missing_item_naming_it():
    answers = {f"q{n}": 1 for n in range(1, 9)}
    with pytest.raises(AnswerError, match=r"\(q9\)"):
        score(CATALOGUE["PHQ9"], answers)


def test_phq9_out_of_range_names_item_and_range():
    with pytest.raises(AnswerError, match=r"item q3 answer 4 is out of range; allowed 0–3"):
        score(CATALOGUE["PHQ9"], {f"q{n}": 0 for n in range(1, 10)} | {"q3": 4})


# --- CORE-10 (CAMCOPS core10.py; CORE10-B; CORE10-R) --------------------------------------


def core10(**overrides):
    return {f"q{n}": 0 for n in range(1, 11)} | overrides


def test_core10_items_2_and_3_are_reversed():
    assert score(CATALOGUE["CORE10"], core10()).total == 8
    highest = {f"q{n}": 4 for n in range(1, 11)} | {"q2": 0, "q3": 0}
    assert score(CATALOGUE["CORE10"], highest).total == 40
    assert score(CATALOGUE["CORE10"], core10(q2=4, q3=4)).total == 0
    assert score(CATALOGUE["CORE10"], core10(q2=1, q3=3)).total == 3 + 1


def test_core10_pro_rated_total_between_bands_takes_the_lower_band():
    # 9 items answered summing 5, one blank: 5 × 10 ÷ 9 = 5.56, between healthy 0–5 and low 6–10.
    answers = core10(q1=1, q2=4, q3=4, q4=1, q5=1, q7=1, q8=1) | {"q10": None}
    result = score(CATALOGUE["CORE10"], answers)
    assert (result.total, result.band_key) == (5.56, "healthy")


def test_core10_item_6_is_flagged_whatever_the_total():
    result = score(CATALOGUE["CORE10"], core10(q2=4, q3=4, q6=1))
    assert result.total == 1
    assert result.band_key == "healthy"
    assert [flag.item for flag in result.risk_flags] == ["q6"]


def test_core10_blank_item_6_is_flagged_as_unanswered():
    answers = core10(q2=4, q3=4) | {"q6": None}
    result = score(CATALOGUE["CORE10"], answers)
    assert result.risk_flags[0].item == "q6"
    assert result.risk_flags[0].answered is False


@pytest.mark.parametrize("code", ["PHQ9", "CORE10"])
def test_blank_risk_item_message_says_it_was_left_blank_not_that_it_scored(code):
    for risk in CATALOGUE[code].risk_items:
        message = risk.unanswered_message
        assert "was left blank." in message and "scored above" not in message
        assert message[0].isupper() and message.endswith(".")


def test_core10_prorates_one_missing_item_and_refuses_two():
    result = score(
        CATALOGUE["CORE10"], core10(q1=None, q2=2, q3=2, q4=2, q5=2, q7=2, q8=2, q9=2, q10=4)
    )
    assert result.raw_total == 18
    assert result.total == 20.0  # 18 × 10 ÷ 9
    assert result.prorated
    with pytest.raises(AnswerError, match=r"\(q1, q4\)"):
        score(CATALOGUE["CORE10"], core10(q1=None, q4=None))


@pytest.mark.parametrize(
    ("total", "case", "band"),
    [
        (0, False, "healthy"),
        (5, False, "healthy"),
        (6, False, "low"),
        (10, False, "low"),
        (11, True, "mild"),
        (14, True, "mild"),
        (15, True, "moderate"),
        (19, True, "moderate"),
        (20, True, "moderate_severe"),
        (24, True, "moderate_severe"),
        (25, True, "severe"),
        (32, True, "severe"),  # the highest answers_for_total reaches (reversed items at 0)
    ],
)
def test_core10_bands_and_clinical_cut_off_11(total, case, band):
    result = score(CATALOGUE["CORE10"], answers_for_total("CORE10", total))
    assert (result.caseness, result.band_key) == (case, band)


# --- PSWQ (CAMCOPS pswq.py) -----------------------------------------------------------------


def test_pswq_reverses_items_1_3_8_10_11():
    ins = CATALOGUE["PSWQ"]
    assert score(ins, {f"q{n}": 1 for n in range(1, 17)}).total == 11 * 1 + 5 * 5
    assert score(ins, {f"q{n}": 5 for n in range(1, 17)}).total == 11 * 5 + 5 * 1
    only_item_3_high = {f"q{n}": 1 for n in range(1, 17)} | {"q3": 5}
    assert score(ins, only_item_3_high).total == 36 - 4


# --- Mobility Inventory (DD-MI) -------------------------------------------------------------


def mobility(total_alone: int, blanks: int = 0) -> dict[str, int | None]:
    answers: dict[str, int | None] = {f"a{n}": 1 for n in range(1, 28)}
    remaining = total_alone - 27
    for n in range(1, 28):
        step = min(4, remaining)
        answers[f"a{n}"] = 1 + step
        remaining -= step
    for n in range(1, blanks + 1):
        answers[f"a{28 - n}"] = None
    return answers


@pytest.mark.parametrize(("total_alone", "case"), [(62, False), (63, True)])
def test_mobility_inventory_alone_mean_above_2_3_is_caseness(total_alone, case):
    result = score(CATALOGUE["MI"], mobility(total_alone))
    assert result.total == pytest.approx(total_alone / 27)
    assert result.caseness is case
    assert result.subscales["alone"] == pytest.approx(total_alone / 27)
    assert result.subscales["accompanied"] is None


def test_mobility_inventory_allows_5_skipped_and_refuses_6():
    assert score(CATALOGUE["MI"], mobility(27, blanks=5)).total == 1.0
    with pytest.raises(AnswerError, match="a22, a23, a24, a25, a26, a27"):
        score(CATALOGUE["MI"], mobility(27, blanks=6))


# --- PCL-5 (CAMCOPS pcl5.py) ----------------------------------------------------------------


def pcl5(rated_two: list[int], rated_one: list[int] | tuple[()] = ()) -> dict[str, int]:
    return {f"q{n}": 2 if n in rated_two else (1 if n in rated_one else 0) for n in range(1, 21)}


def test_pcl5_provisional_diagnosis_needs_b1_c1_d2_e2():
    full = [1, 6, 8, 9, 15, 16]
    result = score(CATALOGUE["PCL5"], pcl5(full))
    assert result.rules["provisional_diagnosis"] is True
    assert result.subscales == {"b": 2, "c": 2, "d": 4, "e": 4}


@pytest.mark.parametrize("dropped", [1, 6, 9, 16])
def test_pcl5_provisional_diagnosis_fails_when_a_cluster_falls_short(dropped):
    full = [1, 6, 8, 9, 15, 16]
    result = score(CATALOGUE["PCL5"], pcl5([n for n in full if n != dropped], rated_one=[dropped]))
    assert result.rules["provisional_diagnosis"] is False


@pytest.mark.parametrize(("total", "case"), [(32, False), (33, True)])
def test_pcl5_provisional_cut_off_33(total, case):
    assert score(CATALOGUE["PCL5"], answers_for_total("PCL5", total)).caseness is case


# --- WSAS (CAMCOPS wsas.py) -------------------------------------------------------------------


def test_wsas_not_working_drops_the_work_item_and_caps_at_32():
    answers = {"q2": 8, "q3": 8, "q4": 8, "q5": 8}
    result = score(CATALOGUE["WSAS"], answers, context={"not_working": True})
    assert result.total == 32
    assert result.not_applicable_items == ("q1",)
    with pytest.raises(AnswerError, match=r"\(q1\)"):
        score(CATALOGUE["WSAS"], answers)
    with pytest.raises(AnswerError, match="item q1 does not apply"):
        score(CATALOGUE["WSAS"], answers | {"q1": 3}, context={"not_working": True})


@pytest.mark.parametrize(
    ("total", "band"),
    [(9, "subclinical"), (10, "significant"), (20, "significant"), (21, "moderately_severe")],
)
def test_wsas_bands(total, band):
    assert score(CATALOGUE["WSAS"], answers_for_total("WSAS", total)).band_key == band


# --- SWEMWBS: metric score through the conversion table (docs/clinical-definitions.md §1.17) ---------------------

# Copied from docs/clinical-definitions.md §1.17 (raw → metric), independently of swemwbs.toml.
SWEMWBS_METRIC = {
    7: 7.00, 8: 9.51, 9: 11.25, 10: 12.40, 11: 13.33, 12: 14.08, 13: 14.75, 14: 15.32,
    15: 15.84, 16: 16.36, 17: 16.88, 18: 17.43, 19: 17.98, 20: 18.59, 21: 19.25, 22: 19.98,
    23: 20.73, 24: 21.54, 25: 22.35, 26: 23.21, 27: 24.11, 28: 25.03, 29: 26.02, 30: 27.03,
    31: 28.13, 32: 29.31, 33: 30.70, 34: 32.55, 35: 35.00,
}  # fmt: skip


@pytest.mark.parametrize(("raw", "metric"), sorted(SWEMWBS_METRIC.items()))
def test_swemwbs_total_is_the_metric_score_with_the_raw_sum_kept(raw, metric):
    above_one = raw - 7  # every item is 1–5: spread the rest over the items, 4 at most each
    answers = {f"q{n}": 1 + min(4, max(0, above_one - 4 * (n - 1))) for n in range(1, 8)}
    assert sum(answers.values()) == raw
    result = score(CATALOGUE["SWEMWBS"], answers)
    assert result.total == metric
    assert result.raw_total == raw
    assert result.subscales == {"raw": raw}


def test_swemwbs_table_is_flagged_unverified_with_its_source():
    ins = CATALOGUE["SWEMWBS"]
    assert ins.scoring.method == "table" and ins.scoring.verified is False
    assert ins.scoring.source.startswith("Secondary copy of the Warwick table")
    assert "WEMWBS user guide" in ins.scoring.source
    assert dict(ins.scoring.conversion) == SWEMWBS_METRIC
    assert ins.total_range() == (7.0, 35.0)


# --- Others -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "case"), [((3, 3, 3), False), ((0, 4, 0), True), ((0, 0, 8), True)]
)
def test_phobia_scales_caseness_is_4_or_more_on_any_item(ratings, case):
    answers = dict(zip(("social", "panic", "specific"), ratings, strict=True))
    assert score(CATALOGUE["PHOBIA"], answers).caseness is case


def test_phq15_menstrual_item_is_optional_and_somatoform_rule_counts_items_rated_2():
    ins = CATALOGUE["PHQ15"]
    man = {f"q{n}": 0 for n in range(1, 16) if n != 4} | {"q1": 2, "q2": 2}
    result = score(ins, man)
    assert result.missing_items == ()
    assert result.rules["somatoform"] is False
    assert score(ins, man | {"q5": 2}).rules["somatoform"] is True
    assert score(ins, man | {"q4": 2}).rules["somatoform"] is True


# --- PHQ-15: menstrual item required for a woman (CAMCOPS phq15.py is_complete) ------------

PHQ15_WITHOUT_ITEM_4 = {f"q{n}": 1 for n in range(1, 16) if n != 4}  # 14 items at 1


def test_phq15_menstrual_item_is_required_for_a_woman():
    ins = CATALOGUE["PHQ15"]
    with pytest.raises(AnswerError, match=r"too many items missing \(q4\)"):
        score(ins, PHQ15_WITHOUT_ITEM_4, context={"female": True})
    result = score(ins, PHQ15_WITHOUT_ITEM_4 | {"q4": 2}, context={"female": True})
    assert (result.total, result.missing_items, result.prorated) == (16, (), False)


@pytest.mark.parametrize("context", [None, {}, {"female": False}, {"not_working": True}])
def test_phq15_menstrual_item_may_be_blank_otherwise_without_pro_rating(context):
    ins = CATALOGUE["PHQ15"]
    result = score(ins, PHQ15_WITHOUT_ITEM_4, context=context)
    assert (result.total, result.missing_items, result.prorated) == (14, (), False)
    assert result.answers["q4"] is None
    # Answered anyway, it counts (CamCOPS phq15.py sums every answered item).
    assert score(ins, PHQ15_WITHOUT_ITEM_4 | {"q4": 2}, context=context).total == 16


def test_phq15_somatoform_rule_for_a_woman_sees_item_4():
    ins = CATALOGUE["PHQ15"]
    two_rated_2 = {f"q{n}": 0 for n in range(1, 16)} | {"q1": 2, "q2": 2}
    assert score(ins, two_rated_2, context={"female": True}).rules["somatoform"] is False
    assert score(ins, two_rated_2 | {"q4": 2}, context={"female": True}).rules["somatoform"]


@pytest.mark.parametrize(
    ("total", "band", "label"),
    [
        (0, "minimal", "Minimal"),
        (4, "minimal", "Minimal"),
        (5, "low", "Low"),
        (9, "low", "Low"),
        (10, "medium", "Medium"),
        (14, "medium", "Medium"),
        (15, "high", "High"),
        (30, "high", "High"),
    ],
)
def test_phq15_bands_are_kroenke_2002_minimal_low_medium_high(total, band, label):
    result = score(CATALOGUE["PHQ15"], answers_for_total("PHQ15", total))
    assert (result.band_key, result.band_label) == (band, label)


@pytest.mark.parametrize(
    ("loss", "months", "impaired", "symptoms", "expected"),
    [
        (1, 12, 1, 3, True),
        (1, 11, 1, 3, False),
        (0, 24, 1, 3, False),
        (1, 24, 0, 3, False),
        (1, 24, 1, 2, False),
    ],
)
def test_pg13r_probable_pgd_rule(loss, months, impaired, symptoms, expected):
    answers = {"q1": loss, "q2": months, "q13": impaired} | {
        f"q{n}": symptoms for n in range(3, 13)
    }
    result = score(CATALOGUE["PG13R"], answers)
    assert result.total == symptoms * 10
    assert result.rules["probable_pgd"] is expected


def test_oci_r_subscales():
    answers = {f"q{n}": 0 for n in range(1, 19)} | {"q5": 4, "q11": 4, "q17": 4, "q1": 1}
    result = score(CATALOGUE["OCIR"], answers)
    assert result.subscales["washing"] == 12
    assert result.subscales["hoarding"] == 1
    assert result.total == 13


# --- OCI, the older 42-item form (DD-OCI) --------------------------------------------------


def test_oci_is_42_items_0_to_4_totalling_0_to_168_with_no_thresholds():
    ins = CATALOGUE["OCI"]
    assert len(ins.items) == 42 and ins.total_range() == (0, 168)
    assert ins.data_entry_only and ins.scoring.verified is False
    result = score(ins, {f"q{n}": 4 for n in range(1, 43)})
    assert (result.total, result.band_key, result.caseness) == (168, None, None)
    assert ins.caseness is None and ins.reliable_change is None


def test_oci_pro_rates_one_or_two_blanks_and_refuses_three():
    ins = CATALOGUE["OCI"]
    answers: dict[str, int | None] = {f"q{n}": 2 for n in range(1, 43)}
    answers["q1"] = answers["q2"] = None  # 40 answered at 2: the blanks take the mean, 2
    result = score(ins, answers)
    assert (result.total, result.raw_total, result.prorated) == (84, 80, True)
    with pytest.raises(AnswerError, match=r"\(q1, q2, q3\)"):
        score(ins, answers | {"q3": None})


def test_gbo_is_the_mean_of_rated_goals_and_needs_goal_1():
    assert score(CATALOGUE["GBO"], {"goal1": 4, "goal2": 7}).total == 5.5
    with pytest.raises(AnswerError, match=r"\(goal1\)"):
        score(CATALOGUE["GBO"], {"goal2": 7})


def test_score_result_as_dict_is_json_ready():
    import json

    result = score(CATALOGUE["PHQ9"], {f"q{n}": 1 for n in range(1, 10)})
    data = json.loads(json.dumps(result.as_dict()))
    assert data["total"] == 9
    assert data["band_key"] == "mild"
    assert data["risk_flags"] == [
        {"item": "q9", "message": CATALOGUE["PHQ9"].risk_items[0].message, "answered": True}
    ]
    assert data["answers"]["q10"] is None
