from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from stepcare.audit.models import AuditEvent
from stepcare.measures.models import InstrumentTranslation

# Placeholder wording for tests only: a service loads its own validated translation.
GAD7_TEST_TRANSLATION = """
instrument = "GAD7"
version = "1"
language = "he"
provenance = "Test fixture (not an instrument translation)"
licence = "Test only"
stem = "STEM-HE"
[items]
q1 = "ITEM-HE-1"
q2 = "ITEM-HE-2"
q3 = "ITEM-HE-3"
q4 = "ITEM-HE-4"
q5 = "ITEM-HE-5"
q6 = "ITEM-HE-6"
q7 = "ITEM-HE-7"
q8 = "ITEM-HE-8"
[[option_sets.frequency]]
score = 0
label = "OPT-HE-0"
[[option_sets.frequency]]
score = 1
label = "OPT-HE-1"
[[option_sets.frequency]]
score = 2
label = "OPT-HE-2"
[[option_sets.frequency]]
score = 3
label = "OPT-HE-3"
[[option_sets.difficulty]]
score = 0
label = "DIFF-HE-0"
[[option_sets.difficulty]]
score = 1
label = "DIFF-HE-1"
[[option_sets.difficulty]]
score = 2
label = "DIFF-HE-2"
[[option_sets.difficulty]]
score = 3
label = "DIFF-HE-3"
"""


def test_score_prints_total_band_caseness_and_risk(capsys):
    call_command("score", "PHQ9", "1,2,1,0,3,2,1,1,1")
    out = capsys.readouterr().out
    assert "PHQ9 total: 12" in out
    assert "band: Moderate" in out and "caseness: yes" in out
    assert "RISK q9" in out


def test_score_json_and_blank_for_missing(capsys):
    call_command("score", "core10", "1,1,1,1,1,0,1,1,,1", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["instrument"] == "CORE10" and result["prorated"] is True
    assert result["answers"]["q9"] is None


@pytest.mark.parametrize(("answers", "names"), [
    ("1,2,1,0,5,2,1,1,1", "item q5"),
    ("1,2,x,0,1,2,1,1,1", "item q3"),
    ("1,2,1", "too many items missing"),
    ("1,1,1,1,1,1,1,1,1,1,1", "has 10 items; 11 answers"),
])
def test_score_refuses_bad_input_naming_the_item(answers, names):
    with pytest.raises(CommandError, match=names):
        call_command("score", "PHQ9", answers)


@pytest.mark.parametrize("value", ["0_1", " 1", "1 ", "+1", "-1", "1.0", "١", "²", "１"])
def test_score_accepts_plain_digits_only(value):
    # int() takes the first five (and Arabic-Indic / fullwidth digits); none is an answer.
    answers = ",".join(["1", "2", value, "0", "1", "2", "1", "1", "1"])
    with pytest.raises(CommandError, match=rf"PHQ9: item q3 answer {re.escape(repr(value))} "):
        call_command("score", "PHQ9", answers)


def test_score_leading_zero_and_blank_are_fine(capsys):
    call_command("score", "PHQ9", "01,2,1,0,3,2,1,1,0,")
    assert "PHQ9 total: 11" in capsys.readouterr().out


def test_score_refuses_a_context_the_instrument_does_not_read():
    with pytest.raises(CommandError, match="PHQ9 has no context 'not_working'; known: none"):
        call_command("score", "PHQ9", "1,2,1,0,3,2,1,1,1", "--context", "not_working")
    with pytest.raises(CommandError, match="WSAS has no context 'female'; known: not_working"):
        call_command("score", "WSAS", ",1,1,1,1", "--context", "female")


def test_score_context_female_makes_the_phq15_menstrual_item_required(capsys):
    without_item_4 = "1,1,1,,1,1,1,1,1,1,1,1,1,1,1"
    call_command("score", "PHQ15", without_item_4)
    assert "PHQ15 total: 14" in capsys.readouterr().out
    with pytest.raises(CommandError, match=r"too many items missing \(q4\)"):
        call_command("score", "PHQ15", without_item_4, "--context", "female")
    call_command("score", "WSAS", ",8,8,8,8", "--context", "not_working")
    assert "WSAS total: 32" in capsys.readouterr().out


def test_score_blank_risk_item_message_is_a_sentence(capsys):
    call_command("score", "CORE10", "1,1,1,1,1,,1,1,1,1")
    risk = [line for line in capsys.readouterr().out.splitlines() if line.startswith("RISK")]
    assert risk == [
        "RISK q6: CORE-10 item 6 (plans to end life) was left blank. "
        '"Not answered" is not the same as "no": ask the client about it and review risk now, '
        "whatever the total."
    ]


def test_score_unknown_instrument():
    with pytest.raises(CommandError, match="unknown instrument 'XYZ'"):
        call_command("score", "XYZ", "1")


@pytest.mark.django_db
def test_instruments_list_json(capsys):
    call_command("instruments", "list", "--json")
    rows = {row["code"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["PHQ9"]["loinc"] == "44261-6" and rows["PHQ9"]["caseness"]["value"] == 10
    assert rows["WSAS"]["data_entry_only"] is True and rows["WSAS"]["languages"] == []


@pytest.mark.django_db
def test_load_translation_stores_it_and_offers_the_instrument_in_that_language(tmp_path, capsys, world, login):
    path = tmp_path / "gad7-he.toml"
    path.write_text(GAD7_TEST_TRANSLATION, encoding="utf-8")

    call_command("instruments", "load-translation", str(path), "--by", world.supervisor_a.email)

    assert "Loaded GAD7 version 1 in 'he'" in capsys.readouterr().out
    row = InstrumentTranslation.objects.get()
    assert row.language == "he" and row.loaded_by == world.supervisor_a and row.source_file == "gad7-he.toml"
    assert AuditEvent.objects.filter(object_type="measures.instrumenttranslation", action="create").exists()
    call_command("instruments", "list", "--json")
    rows = {r["code"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["GAD7"]["languages"] == ["en", "he"]

    # A Hebrew-speaking client is now given the Hebrew wording, right to left.
    world.client_a1.preferred_language = "he"
    world.client_a1.save()
    body = login(world.pwp_a1).get(f"/measures/referrals/{world.client_a1.referrals.get().pk}/new/GAD7/").content.decode()
    assert '<div class="instrument-text" lang="he" dir="rtl">' in body
    assert "ITEM-HE-1" in body and "OPT-HE-2" in body and "STEM-HE" in body
    assert "not available in the client" not in body


@pytest.mark.django_db
def test_mismatched_translation_is_refused_naming_the_first_mismatch(tmp_path):
    path = tmp_path / "gad7-he.toml"
    path.write_text(GAD7_TEST_TRANSLATION.replace('q7 = "ITEM-HE-7"\n', ""), encoding="utf-8")
    with pytest.raises(CommandError, match=r"items\.q7: is missing"):
        call_command("instruments", "load-translation", str(path))
    assert not InstrumentTranslation.objects.exists()

    path.write_text(GAD7_TEST_TRANSLATION.replace("score = 3", "score = 4"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"option_sets\.frequency\[3\]\.score"):
        call_command("instruments", "load-translation", str(path))
    assert not InstrumentTranslation.objects.exists()
