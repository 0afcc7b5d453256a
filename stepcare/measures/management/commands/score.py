"""``stepcare score INSTRUMENT ANSWERS [--json] [--context KEY]``: score a questionnaire.

ANSWERS are the item scores in item order, comma-separated, written as plain digits 0-9
(no signs, spaces or other scripts' digits); leave a place blank for a missing answer
(``1,2,,0``). Trailing items may be left off (e.g. PHQ-9's unscored item 10).
``--context KEY`` gives a fact about the client that changes which items apply; only the
keys the instrument reads are accepted (``not_working`` for the WSAS, ``female`` for the
PHQ-15).
"""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stepcare.measures.engine import AnswerError, Instrument, load_catalogue, score

# Every option score in the catalogue is a whole number of 0 or more (the loader accepts
# integers only), so an answer is ASCII digits. int() alone would also take " 1", "+1",
# "0_1" and "١" (Arabic-Indic one).
DIGITS = re.compile(r"[0-9]+")


class Command(BaseCommand):
    help = "Score a questionnaire: total, band, caseness and risk flags."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help="instrument code, e.g. PHQ9 (see `stepcare instruments list`)")
        parser.add_argument("answers", help="item scores in item order, comma-separated digits; blank for missing")
        parser.add_argument("--json", action="store_true", help="print the full result as JSON")
        parser.add_argument(
            "--context", action="append", default=[], metavar="KEY",
            help="a fact about the client that changes which items apply: "
                 "not_working (WSAS), female (PHQ-15)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        instrument = instrument_or_error(options["instrument"])
        context = context_or_error(instrument, options["context"])
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
