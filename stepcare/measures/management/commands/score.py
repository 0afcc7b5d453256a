"""``stepcare score INSTRUMENT ANSWERS [--json] [--context KEY]``: score a questionnaire.

ANSWERS are the item scores in item order, comma-separated, written as plain digits 0-9
(no signs, spaces or other scripts' digits); leave a place blank for a missing answer
(``1,2,,0``). Trailing items may be left off (e.g. PHQ-9's unscored item 10).
``--context KEY`` gives a fact about the client that changes which items apply; only the
keys the instrument reads are accepted (``not_working`` for the WSAS, ``female`` for the
PHQ-15).

``stepcare score INSTRUMENT --batch FILE`` scores many questionnaires: one answer list per
line of FILE (``-`` for standard input), written as ANSWERS above; blank lines are skipped.
It writes one JSON object per line (JSON Lines), in input order::

    {"line": 1, "total": 12, "band": "moderate", "caseness": true, "risk_flags": [{"item": "q9", "answered": true}]}
    {"line": 2, "error": "PHQ9: item q3 answer 'x' is not a whole number (digits 0-9 only)"}

Every line is scored and written; the exit status is 1 if any line failed.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stepcare.measures.engine import AnswerError, Instrument, ScoreResult, load_catalogue, score

# Every option score in the catalogue is a whole number of 0 or more (the loader accepts
# integers only), so an answer is ASCII digits. int() alone would also take " 1", "+1",
# "0_1" and "١" (Arabic-Indic one).
DIGITS = re.compile(r"[0-9]+")


class Command(BaseCommand):
    help = "Score a questionnaire (or a file of them with --batch): total, band, caseness and risk flags."
    stealth_options = ("stdin",)  # call_command(..., stdin=...) in tests; else sys.stdin

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help="instrument code, e.g. PHQ9 (see `stepcare instruments list`)")
        parser.add_argument(
            "answers", nargs="?",
            help="item scores in item order, comma-separated digits; blank for missing",
        )
        parser.add_argument("--json", action="store_true", help="print the full result as JSON")
        parser.add_argument(
            "--batch", metavar="FILE",
            help="score one answer list per line of FILE ('-' for standard input); "
                 "writes JSON Lines; exit status 1 if any line failed",
        )
        parser.add_argument(
            "--context", action="append", default=[], metavar="KEY",
            help="a fact about the client that changes which items apply: "
                 "not_working (WSAS), female (PHQ-15)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        instrument = instrument_or_error(options["instrument"])
        context = context_or_error(instrument, options["context"])
        if options["batch"] is not None:
            if options["answers"] is not None:
                raise CommandError("give ANSWERS or --batch FILE, not both")
            self.batch(instrument, context, options["batch"], options.get("stdin") or sys.stdin)
            return
        if options["answers"] is None:
            raise CommandError("give ANSWERS, or --batch FILE ('-' for standard input)")
        answers = parse_answers(instrument, options["answers"])
        try:
            result = score(instrument, answers, context=context)
        except AnswerError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
            return
        total = f"{result.total:g}"
        self.stdout.write(f"{instrument.code} total: {total}" + (" (pro-rated)" if result.prorated else ""))
        self.stdout.write(f"band: {result.band_label or '-'}")
        caseness = {True: "yes", False: "no", None: "-"}[result.caseness]
        self.stdout.write(f"caseness: {caseness}")
        for key, value in result.subscales.items():
            self.stdout.write(f"subscale {key}: {'-' if value is None else f'{value:g}'}")
        if result.risk_flags:
            for flag in result.risk_flags:
                self.stdout.write(f"RISK {flag.item}: {flag.message}")
        else:
            self.stdout.write("risk flags: none")

    def batch(self, instrument: Instrument, context: dict[str, bool], source: str, stdin: TextIO) -> None:
        """Score every line of ``source``; exit status 1 (CommandError) if any line failed."""
        if source == "-":
            lines = stdin
        else:
            try:
                # utf-8-sig: a byte-order mark (spreadsheet exports) is not part of line 1.
                lines = open(source, encoding="utf-8-sig")  # closed below
            except OSError as error:
                raise CommandError(f"{source}: {error.strerror}") from error
        try:
            failed, count = self.batch_lines(instrument, context, lines)
        except UnicodeDecodeError as error:
            raise CommandError(f"{source}: not UTF-8 text ({error.reason})") from error
        finally:
            if lines is not stdin:
                lines.close()
        if failed:
            raise CommandError(f"{failed} of {count} lines could not be scored")

    def batch_lines(
        self, instrument: Instrument, context: dict[str, bool], lines: Iterable[str]
    ) -> tuple[int, int]:
        """Write one JSON line per non-blank input line; return (lines failed, lines read)."""
        failed = count = 0
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            count += 1
            try:
                answers = parse_answers(instrument, line)
                record = batch_record(number, score(instrument, answers, context=context))
            except (CommandError, AnswerError) as error:
                failed += 1
                record = {"line": number, "error": str(error)}
            self.stdout.write(json.dumps(record, ensure_ascii=False))
        return failed, count


def batch_record(line: int, result: ScoreResult) -> dict[str, Any]:
    """One scored line of ``--batch`` output."""
    return {
        "line": line,
        "total": result.total,
        "band": result.band_key,
        "caseness": result.caseness,
        "risk_flags": [{"item": flag.item, "answered": flag.answered} for flag in result.risk_flags],
    }


def instrument_or_error(code: str) -> Instrument:
    catalogue = load_catalogue()
    try:
        return catalogue[code.upper()]
    except KeyError:
        raise CommandError(f"unknown instrument {code!r}; known: {', '.join(catalogue)}") from None


def context_or_error(instrument: Instrument, keys: list[str]) -> dict[str, bool]:
    """``--context`` keys as a context; a key the instrument does not read is refused."""
    for key in keys:
        if key not in instrument.context_keys:
            known = ", ".join(instrument.context_keys) or "none"
            raise CommandError(f"{instrument.code} has no context {key!r}; known: {known}")
    return {key: True for key in keys}


def parse_answers(instrument: Instrument, text: str) -> dict[str, int | None]:
    """Comma-separated answers in item order: digits, or blank for missing."""
    values = text.split(",")
    if len(values) > len(instrument.items):
        raise CommandError(
            f"{instrument.code} has {len(instrument.items)} items; {len(values)} answers given"
        )
    answers: dict[str, int | None] = {}
    for item, value in zip(instrument.items, values, strict=False):
        if value == "":
            answers[item.id] = None
        elif DIGITS.fullmatch(value):
            answers[item.id] = int(value)
        else:
            raise CommandError(
                f"{instrument.code}: item {item.id} answer {value!r} is not a whole number "
                f"(digits 0-9 only)"
            )
    for item in instrument.items[len(values):]:
        answers[item.id] = None
    return answers
