"""``stepcare score INSTRUMENT ANSWERS [--json]``: score a questionnaire from the command line.

ANSWERS are the item scores in item order, comma-separated; leave a place blank for a
missing answer (``1,2,,0``). Trailing items may be left off (e.g. PHQ-9's unscored item 10).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from stepcare.measures.engine import AnswerError, Instrument, load_catalogue, score


class Command(BaseCommand):
    help = "Score a questionnaire: total, band, caseness and risk flags."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help="instrument code, e.g. PHQ9 (see `stepcare instruments list`)")
        parser.add_argument("answers", help="item scores in item order, comma-separated; blank for missing")
        parser.add_argument("--json", action="store_true", help="print the full result as JSON")
        parser.add_argument(
            "--context", action="append", default=[], metavar="KEY",
            help="a fact that removes items, e.g. --context not_working for the WSAS",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        instrument = instrument_or_error(options["instrument"])
        answers = parse_answers(instrument, options["answers"])
        try:
            result = score(instrument, answers, context={key: True for key in options["context"]})
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


def parse_answers(instrument: Instrument, text: str) -> dict[str, int | None]:
    values = [part.strip() for part in text.split(",")]
    if len(values) > len(instrument.items):
        raise CommandError(
            f"{instrument.code} has {len(instrument.items)} items; {len(values)} answers given"
        )
    answers: dict[str, int | None] = {}
    for item, value in zip(instrument.items, values, strict=False):
        if value == "":
            answers[item.id] = None
            continue
        try:
            answers[item.id] = int(value)
        except ValueError:
            raise CommandError(f"{instrument.code}: item {item.id} answer {value!r} is not a whole number") from None
    for item in instrument.items[len(values):]:
        answers[item.id] = None
    return answers
