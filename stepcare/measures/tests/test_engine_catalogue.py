"""The shipped catalogue, the strict loader and the engine's purity."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stepcare.measures.engine import DefinitionError, load_catalogue, load_instrument

CATALOGUE = load_catalogue()
INSTRUMENTS = Path(__file__).resolve().parents[1] / "instruments"
REPO = Path(__file__).resolve().parents[3]

VERBATIM = {"PHQ9", "GAD7", "PHQ15", "PCL5", "PSWQ"}
EXPECTED = VERBATIM | {
    "WSAS",
    "PHOBIA",
    "SPIN",
    "MINISPIN",
    "PDSS",
    "OCIR",
    "OCI",
    "IESR",
    "HAI",
    "MI",
    "RSES",
    "PSS10",
    "PG13R",
    "WEMWBS",
    "SWEMWBS",
    "ISI",
    "CORE10",
    "GBO",
}


def test_catalogue_holds_every_instrument():
    assert set(CATALOGUE) == EXPECTED
    assert load_catalogue() is CATALOGUE  # cached


def test_only_public_domain_instruments_ship_wording():
    for code, ins in CATALOGUE.items():
        assert ins.data_entry_only == (code not in VERBATIM), code
        if ins.data_entry_only:
            assert ins.languages == () and not any(item.text for item in ins.items)
        else:
            assert ins.languages == ("en",)  # English only: never invented translations


def test_phq9_and_gad7_wording_matches_clinical_md():
    phq9, gad7 = CATALOGUE["PHQ9"], CATALOGUE["GAD7"]
    assert phq9.stem["en"] == (
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    )
    # The GAD-7 form has no "any of" (clinical review).
    assert gad7.stem["en"] == (
        "Over the last 2 weeks, how often have you been bothered by the following problems?"
    )
    assert (
        phq9.item("q9").text["en"]
        == "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert gad7.item("q1").text["en"] == "Feeling nervous, anxious or on edge"
    assert [o.label["en"] for o in phq9.option_sets["frequency"].options] == [
        "Not at all",
        "Several days",
        "More than half the days",
        "Nearly every day",
    ]


DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do "
    "your work, take care of things at home, or get along with other people?"
)


@pytest.mark.parametrize(("code", "item_id"), [("PHQ9", "q10"), ("GAD7", "q8")])
def test_phq9_and_gad7_carry_the_unscored_difficulty_question(code, item_id):
    ins = CATALOGUE[code]
    item = ins.items[-1]
    assert item.id == item_id
    assert item.text["en"] == DIFFICULTY_QUESTION
    assert not item.scored and item.optional
    assert [o.label["en"] for o in ins.options_for(item).options] == [
        "Not difficult at all",
        "Somewhat difficult",
        "Very difficult",
        "Extremely difficult",
    ]


@pytest.mark.parametrize(
    ("code", "case_verified", "rc_verified"),
    [
        ("PHQ9", True, True),
        ("GAD7", True, True),
        ("SPIN", False, False),
        ("PDSS", False, False),
        ("OCIR", False, False),
        ("IESR", False, False),
        ("HAI", False, False),
        ("MI", True, False),
        ("PCL5", False, False),
        ("CORE10", True, False),
    ],
)
def test_unverified_thresholds_are_flagged(code, case_verified, rc_verified):
    ins = CATALOGUE[code]
    assert (
        ins.caseness is not None and ins.caseness.verified is case_verified and ins.caseness.source
    )
    if rc_verified is None:
        assert ins.reliable_change is None
    else:
        assert ins.reliable_change is not None and ins.reliable_change.verified is rc_verified


def test_pcl5_reliable_change_is_the_national_center_for_ptsd_default():
    rc = CATALOGUE["PCL5"].reliable_change
    assert (rc.value, rc.verified) == (10, False)
    assert rc.source.startswith("US National Center for PTSD guidance")


@pytest.mark.parametrize(
    ("code", "what"),
    [
        ("CORE10", "bands"),  # 0–5 / 6–10 split is not in CORE10-B
        ("PSS10", "bands"),  # secondary source (PSS-B)
        ("HAI", "scoring"),  # 14 + 4 item reading of the form
        ("SWEMWBS", "scoring"),  # secondary copy of the conversion table
    ],
)
def test_unverified_bands_and_scoring_are_flagged(code, what):
    ins = CATALOGUE[code]
    verified = ins.bands_verified if what == "bands" else ins.scoring.verified
    assert verified is False
    assert any("UNVERIFIED" in note for note in ins.notes) or "UNVERIFIED" in ins.scoring.note


def test_wellbeing_measures_are_higher_is_better():
    assert {c for c, i in CATALOGUE.items() if i.higher_is_better} == {
        "WEMWBS",
        "SWEMWBS",
        "RSES",
        "GBO",
    }


def test_context_keys_are_declared_by_the_items_that_use_them():
    assert {code: ins.context_keys for code, ins in CATALOGUE.items() if ins.context_keys} == {
        "WSAS": ("not_working",),
        "PHQ15": ("female",),
    }


def test_terminology_codes():
    assert (CATALOGUE["PHQ9"].codes.loinc, CATALOGUE["PHQ9"].codes.snomed) == (
        "44261-6",
        "720433000",
    )
    assert (CATALOGUE["GAD7"].codes.loinc, CATALOGUE["GAD7"].codes.snomed) == (
        "70274-6",
        "445455005",
    )
    assert CATALOGUE["CORE10"].codes.snomed == "718583008"


# --- the strict loader --------------------------------------------------------------------


def broken_copy(tmp_path, code, old, new):
    text = (INSTRUMENTS / f"{code.lower()}.toml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / f"{code.lower()}.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("code", "old", "new", "message"),
    [
        (
            "PHQ9",
            "min = 10\nmax = 14",
            "min = 11\nmax = 14",
            r"phq9.toml: bands\[2\].min: must be 10",
        ),
        ("PHQ9", "max = 27", "max = 26", r"phq9.toml: bands\[4\].max: must be 27"),
        (
            "PHQ9",
            'source = "RCI-2nd"\nverified = true',
            'source = "RCI-2nd"',
            "phq9.toml: reliable_change.verified: is required",
        ),
        (
            "PHQ9",
            "higher_is_better = false",
            "higher_is_better = false\ncolour = 1",
            "phq9.toml: colour: is not a known field",
        ),
        (
            "PHQ9",
            'item = "q9"',
            'item = "q99"',
            r"phq9.toml: risk_items\[0\].item: unknown item 'q99'",
        ),
        (
            "PHQ9",
            "unanswered_message = ",
            "blank_message = ",
            r"phq9.toml: risk_items\[0\].unanswered_message: is required",
        ),
        (
            "PHQ9",
            'comparison = ">="',
            'comparison = "=>"',
            "phq9.toml: caseness.comparison: must be one of",
        ),
        ("PHQ9", "value = 10", 'value = "10"', "phq9.toml: caseness.value: must be a number"),
        (
            "PHQ9",
            'options = "frequency"',
            'options = "freq"',
            r"phq9.toml: items\[0\].options: unknown option set 'freq'",
        ),
        ("PHQ9", 'code = "PHQ9"', 'code = "PHQ8"', "phq9.toml: code: must match the file name"),
        (
            "GAD7",
            'text = { en = "Trouble relaxing" }',
            "",
            r"gad7.toml: items\[3\].text.en: is missing for item q4",
        ),
        (
            "WSAS",
            "max_missing = 0",
            "max_missing = 1",
            "wsas.toml: scoring.prorate: a sum that allows missing items must pro-rate",
        ),
        (
            "PSWQ",
            'id = "q1"\nnumber = 1',
            'id = "q1"\nnumber = 2',
            r"pswq.toml: items\[0\].number: must be 1",
        ),
        (
            "SPIN",
            "data_entry_only = true",
            "data_entry_only = false",
            'spin.toml: languages: must include "en"',
        ),
        (
            "PHQ15",
            'optional = true\nrequired_when = "female"',
            'required_when = "female"',
            r"phq15.toml: items\[3\].required_when: only an optional item can become required",
        ),
        (
            "PHQ15",
            'required_when = "female"',
            'required_when = "Female"',
            r"phq15.toml: items\[3\].required_when: 'Female' must be a lower-case context key",
        ),
        (
            "OCIR",
            'items = ["q5", "q11", "q17"]',
            'items = ["q5", "q11", "q71"]',
            r"ocir.toml: subscales\[0\].items: unknown item q71",
        ),
    ],
)
def test_invalid_file_is_refused_naming_file_and_field(tmp_path, code, old, new, message):
    path = broken_copy(tmp_path, code, old, new)
    with pytest.raises(DefinitionError, match=message):
        load_instrument(path)


def test_invalid_toml_names_the_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("code = \n", encoding="utf-8")
    with pytest.raises(DefinitionError, match="bad.toml: not valid TOML"):
        load_instrument(path)


def test_adding_an_instrument_is_adding_a_file(tmp_path):
    for code in ("PHQ9", "GAD7"):
        shutil.copy(INSTRUMENTS / f"{code.lower()}.toml", tmp_path)
    assert set(load_catalogue(tmp_path)) == {"PHQ9", "GAD7"}


def test_conversion_table_must_give_every_raw_total(tmp_path):
    path = broken_copy(tmp_path, "SWEMWBS", '"35" = 35.00\n', "")
    with pytest.raises(DefinitionError, match="scoring.conversion: must give every raw total 7–35"):
        load_instrument(path)
    path = broken_copy(tmp_path, "SWEMWBS", 'method = "table"', 'method = "sum"')
    with pytest.raises(DefinitionError, match="scoring.conversion: only allowed with method"):
        load_instrument(path)


def test_engine_imports_without_django():
    code = (
        "import sys\n"
        "import stepcare.measures.engine as engine\n"
        "engine.load_catalogue()\n"
        "assert 'django' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr


def test_engine_source_never_imports_django():
    engine = Path(__file__).resolve().parents[1] / "engine"
    for source in engine.glob("*.py"):
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+django", text, re.MULTILINE), source.name
