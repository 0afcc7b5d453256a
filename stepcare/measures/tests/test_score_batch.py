"""``stepcare score INSTRUMENT --batch FILE``: one answer list per line in, JSON Lines out."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from stepcare.measures.engine import load_catalogue, score

PHQ9 = load_catalogue()["PHQ9"]


def run_batch(text, *args):
    """Run the command on ``text`` as standard input; return (output lines, error or None)."""
    out = io.StringIO()
    error = None
    try:
        call_command("score", *args, "--batch", "-", stdin=io.StringIO(text), stdout=out)
    except CommandError as raised:
        error = str(raised)
    return [json.loads(line) for line in out.getvalue().splitlines()], error


def expected_record(line_number, answers, context=None):
    """What one good line must produce, worked out from score() directly."""
    result = score(PHQ9, answers, context=context)
    return {
        "line": line_number,
        "total": result.total,
        "band": result.band_key,
        "caseness": result.caseness,
        "risk_flags": [{"item": f.item, "answered": f.answered} for f in result.risk_flags],
    }


def test_thousands_of_lines_through_stdin_match_score_one_by_one():
    generator = random.Random(20240108)  # fixed seed: the same lines every run
    lines, expected = [], []
    for number in range(1, 3001):
        values = [generator.randint(0, 3) for _ in range(9)]
        answers = {f"q{n}": v for n, v in enumerate(values, start=1)}
        text = ",".join(map(str, values))
        if number % 7 == 0:  # the unscored difficulty item answered
            answers["q10"] = values[0]
            text += f",{values[0]}"
        elif number % 11 == 0:  # a trailing blank for item 10
            text += ","
        if number % 97 == 0:  # an answer out of range: an error naming the item
            text = text.replace(str(values[0]), "4", 1)
            expected.append({"line": number, "error": "PHQ9: item q1 answer 4 is out of range; allowed 0–3"})
        elif number % 89 == 0:  # not plain digits
            text = " " + text
            expected.append({
                "line": number,
                "error": f"PHQ9: item q1 answer ' {values[0]}' is not a whole number (digits 0-9 only)",
            })
        else:
            expected.append(expected_record(number, answers))
        lines.append(text)

    records, error = run_batch("\n".join(lines) + "\n", "PHQ9")

    assert records == expected
    failed = sum(1 for r in expected if "error" in r)
    assert failed == 3000 // 97 + 3000 // 89  # no line below 3001 is both
    assert error == f"{failed} of 3000 lines could not be scored"


def test_blank_lines_are_skipped_and_numbering_follows_the_input():
    text = "\n1,1,1,1,1,1,1,1,0\n   \n\r\n0,0,0,0,0,0,0,0,0\r\n"
    records, error = run_batch(text, "PHQ9")
    assert [r["line"] for r in records] == [2, 5]
    assert [r["total"] for r in records] == [8, 0]
    assert error is None


def test_every_line_is_written_even_after_an_error():
    records, error = run_batch("1,2,1\n1,1,1,1,1,1,1,1,1,1,1\n3,3,3,3,3,3,3,3,3\n", "PHQ9")
    assert records == [
        {"line": 1, "error": "PHQ9: too many items missing (q4, q5, q6, q7, q8, q9); at most 0 may be blank"},
        {"line": 2, "error": "PHQ9 has 10 items; 11 answers given"},
        expected_record(3, {f"q{n}": 3 for n in range(1, 10)}),
    ]
    assert error == "2 of 3 lines could not be scored"


def test_context_pro_rating_and_blank_risk_items_in_batch():
    records, error = run_batch(",8,8,8,8\n", "WSAS", "--context", "not_working")
    assert (records[0]["total"], error) == (32, None)
    records, error = run_batch("1,3,3,1,1,,1,1,1,1\n", "CORE10")  # items 2, 3 reversed: all 1
    assert records[0]["total"] == 10.0 and records[0]["band"] == "low"
    assert records[0]["risk_flags"] == [{"item": "q6", "answered": False}]


def test_batch_reads_a_file(tmp_path, capsys):
    path = tmp_path / "answers.csv"
    path.write_text("\ufeff1,1,1,1,1,1,1,1,0\n", encoding="utf-8")  # with a byte-order mark
    call_command("score", "PHQ9", "--batch", str(path))
    assert json.loads(capsys.readouterr().out)["total"] == 8
    with pytest.raises(CommandError, match="no-such.csv: No such file or directory"):
        call_command("score", "PHQ9", "--batch", str(tmp_path / "no-such.csv"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("PHQ9", "1,1,1,1,1,1,1,1,1", "--batch", "-"), "not both"),
        (("PHQ9",), r"give ANSWERS, or --batch FILE"),
        (("PHQ9", "--batch", "-", "--context", "female"), "PHQ9 has no context 'female'"),
    ],
)
def test_answers_or_batch_but_not_both_or_neither(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("score", *args, stdin=io.StringIO(""))


def test_stepcare_cli_exit_status_is_1_when_a_line_fails():
    command = [sys.executable, "-m", "stepcare.cli", "score", "PHQ9", "--batch", "-"]
    good = subprocess.run(command, input="1,1,1,1,1,1,1,1,0\n", capture_output=True, text=True, check=False)
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["total"] == 8
    bad = subprocess.run(
        command, input="1,1,1,1,1,1,1,1,0\n1,1,9\n", capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1
    assert [json.loads(line)["line"] for line in bad.stdout.splitlines()] == [1, 2]
    assert "1 of 2 lines could not be scored" in bad.stderr
