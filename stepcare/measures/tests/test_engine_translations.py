"""Translation files must match their instrument exactly (no scoring drift)."""

import copy
import json
import tomllib

import pytest

from stepcare.measures.engine import (
    TranslationError,
    load_catalogue,
    load_translation_file,
    validate_translation,
)

CATALOGUE = load_catalogue()

# TEST DATA ONLY: placeholder wording, not a translation of the GAD-7. "qaa" is a language
# code reserved for local use, so this can never be mistaken for a real language.
EXAMPLE_TRANSLATION = """
instrument = "GAD7"
version = "1"
language = "qaa"
provenance = "TEST DATA - placeholder text written for stepcare's tests, not a translation"
licence = "Test data"
stem = "[test] stem"

[items]
q1 = "[test] item 1"
q2 = "[test] item 2"
q3 = "[test] item 3"
q4 = "[test] item 4"
q5 = "[test] item 5"
q6 = "[test] item 6"
q7 = "[test] item 7"
q8 = "[test] item 8"

[[option_sets.frequency]]
score = 0
label = "[test] 0"

[[option_sets.frequency]]
score = 1
label = "[test] 1"

[[option_sets.frequency]]
score = 2
label = "[test] 2"

[[option_sets.frequency]]
score = 3
label = "[test] 3"

[[option_sets.difficulty]]
score = 0
label = "[test] d0"

[[option_sets.difficulty]]
score = 1
label = "[test] d1"

[[option_sets.difficulty]]
score = 2
label = "[test] d2"

[[option_sets.difficulty]]
score = 3
label = "[test] d3"
"""


def example():
    return tomllib.loads(EXAMPLE_TRANSLATION)


def test_valid_translation_file_loads(tmp_path):
    path = tmp_path / "gad7.qaa.toml"
    path.write_text(EXAMPLE_TRANSLATION, encoding="utf-8")
    translation = load_translation_file(path)
    assert translation.language == "qaa"
    assert translation.items["q7"] == "[test] item 7"
    assert translation.option_labels["frequency"][3] == "[test] 3"


def test_json_translation_file_loads(tmp_path):
    path = tmp_path / "gad7.qaa.json"
    path.write_text(json.dumps(example()), encoding="utf-8")
    assert load_translation_file(path).instrument == "GAD7"


def mutate(change):
    data = copy.deepcopy(example())
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["items"].pop("q3"), "items.q3: is missing"),
        (lambda d: d["items"].update(q9="extra"), "items.q9: GAD7 has no such item"),
        (lambda d: d.update(version="2"), "version: '2' differs"),
        (lambda d: d.update(instrument="PHQ9"), "instrument: 'PHQ9' is not GAD7"),
        (
            lambda d: d["option_sets"]["frequency"][2].update(score=4),
            r"option_sets.frequency\[2\].score: 4 differs from instrument score 2",
        ),
        (lambda d: d["option_sets"]["frequency"].pop(), "has 3 options, instrument has 4"),
        (lambda d: d["option_sets"].pop("frequency"), "option_sets.frequency: is missing"),
        (
            lambda d: d["option_sets"].update(other=[]),
            "option_sets.other: GAD7 has no such option set",
        ),
        (lambda d: d.pop("provenance"), "provenance: is missing"),
        (lambda d: d.pop("stem"), "stem: is missing"),
        (lambda d: d.update(language="Hebrew"), "language: 'Hebrew' is not a language tag"),
        (lambda d: d.update(notes="x"), "notes: is not a known field"),
    ],
)
def test_mismatch_is_refused_naming_it(change, message):
    with pytest.raises(TranslationError, match=message):
        validate_translation(CATALOGUE["GAD7"], mutate(change))


def test_first_mismatch_is_reported():
    data = mutate(lambda d: (d["items"].pop("q2"), d["items"].pop("q5")))
    with pytest.raises(TranslationError, match="items.q2: is missing"):
        validate_translation(CATALOGUE["GAD7"], data)


def test_file_error_names_the_file(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(EXAMPLE_TRANSLATION.replace('q4 = "[test] item 4"\n', ""), encoding="utf-8")
    with pytest.raises(TranslationError, match=r"broken.toml: items.q4: is missing"):
        load_translation_file(path)


def test_unknown_instrument_is_refused(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text(EXAMPLE_TRANSLATION.replace('"GAD7"', '"NOPE"'), encoding="utf-8")
    with pytest.raises(TranslationError, match="unknown instrument 'NOPE'"):
        load_translation_file(path)


def test_numeric_option_sets_need_no_labels():
    pdss = CATALOGUE["PDSS"]
    data = {
        "instrument": "PDSS",
        "version": "1",
        "language": "qaa",
        "provenance": "TEST DATA",
        "licence": "Test data",
        "items": {i: f"[test] {i}" for i in pdss.item_ids},
        "option_sets": {},
    }
    assert validate_translation(pdss, data).option_labels == {}
