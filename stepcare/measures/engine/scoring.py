"""Score one completed questionnaire.

``score(instrument, answers)`` is the whole story, in this order:

1. refuse unknown item ids and values outside the item's option set (``AnswerError``);
2. drop items that do not apply (e.g. WSAS work item when ``context["not_working"]``) and
   make optional items required where the context says so (PHQ-15 menstrual item when
   ``context["female"]``);
3. refuse if more scored items are blank than the instrument's missing-item rule allows;
4. reverse reversed items (score = lowest + highest - answer);
5. make the total: sum (pro-rated if the rule says so), mean, or sum through a table;
6. look up the band, caseness, subscales, published rules and risk items.

Every number used comes from the instrument's data file, which names its source
(source keys in docs/clinical-definitions.md §8). Answers are the raw values printed against each option on the form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .definitions import Condition, Instrument, Item, Rule, Subscale, compare

Answers = Mapping[str, int | None]


class AnswerError(ValueError):
    """The answers cannot be scored; the message names the item(s) at fault."""


@dataclass(frozen=True)
class RiskFlag:
    """A risk item that needs a practitioner's attention.

    ``answered`` is False when the risk item was left blank: blank is not the same as "no".
    """

    item: str
    message: str
    answered: bool = True


@dataclass(frozen=True)
class ScoreResult:
    """The scored questionnaire, ready to be stored (``as_dict()``) next to its answers."""

    instrument: str
    version: str
    total: float
    raw_total: float
    band_key: str | None
    band_label: str | None
    caseness: bool | None
    risk_flags: tuple[RiskFlag, ...]
    missing_items: tuple[str, ...]
    subscales: Mapping[str, float | None] = field(default_factory=dict)
    rules: Mapping[str, bool | None] = field(default_factory=dict)
    not_applicable_items: tuple[str, ...] = ()
    prorated: bool = False
    answers: Mapping[str, int | None] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["subscales"] = dict(self.subscales)
        data["rules"] = dict(self.rules)
        data["answers"] = dict(self.answers)
        data["risk_flags"] = [asdict(flag) for flag in self.risk_flags]
        data["missing_items"] = list(self.missing_items)
        data["not_applicable_items"] = list(self.not_applicable_items)
        return data


def score(
    instrument: Instrument,
    answers: Answers,
    *,
    context: Mapping[str, Any] | None = None,
) -> ScoreResult:
    """Score ``answers`` (item id → raw answer or None) for ``instrument``.

    ``context`` carries facts that change which items apply, e.g. ``{"not_working": True}``
    for the WSAS (CAMCOPS wsas.py: work item dropped, maximum 32) or ``{"female": True}``
    for the PHQ-15 (CAMCOPS phq15.py: the menstrual item must then be answered).
    Raises ``AnswerError`` for an unknown item, a value out of range, an answer to an item
    that does not apply, or more blanks than the missing-item rule allows.
    """
    context = context or {}
    not_applicable = _not_applicable(instrument, context)
    optional = _optional(instrument, context)
    _check_answers(instrument, answers, not_applicable)
    values = {
        item.id: _item_value(instrument, item, answers.get(item.id)) for item in instrument.items
    }

    scored = [i for i in instrument.items if i.scored and i.id not in not_applicable]
    missing = tuple(i.id for i in scored if values[i.id] is None and i.id not in optional)
    if len(missing) > instrument.scoring.max_missing:
        raise AnswerError(
            f"{instrument.code}: too many items missing ({', '.join(missing)}); "
            f"at most {instrument.scoring.max_missing} may be blank"
        )

    answered = [v for i in scored if (v := values[i.id]) is not None]
    total, raw_total, prorated = _total(instrument, answered, len(missing))
    band = _band(instrument, total)
    return ScoreResult(
        instrument=instrument.code,
        version=instrument.version,
        total=total,
        raw_total=raw_total,
        band_key=band[0] if band else None,
        band_label=band[1] if band else None,
        caseness=_caseness(instrument, total, answered),
        risk_flags=_risk_flags(instrument, answers),
        missing_items=missing,
        subscales={s.key: _subscale(s, values) for s in instrument.subscales},
        rules={r.key: _rule(r, total, values, instrument, optional) for r in instrument.rules},
        not_applicable_items=tuple(sorted(not_applicable)),
        prorated=prorated,
        answers={item.id: answers.get(item.id) for item in instrument.items},
    )


@dataclass(frozen=True)
class RunningTotal:
    """What a half-filled form adds up to so far (for the live total while entering).

    ``total`` is the sum (or, for mean scoring, the mean) of the scored items answered so
    far after reversal; it is not a score and is never stored. ``risk_flags`` lists the
    answered risk items that already trigger, so the form can warn before it is complete.
    """

    total: float | None
    answered: int
    expected: int
    risk_flags: tuple[RiskFlag, ...]


def running_total(
    instrument: Instrument,
    answers: Answers,
    *,
    context: Mapping[str, Any] | None = None,
) -> RunningTotal:
    """The live total of a form being filled in; refuses bad values like ``score``."""
    not_applicable = _not_applicable(instrument, context or {})
    _check_answers(instrument, answers, not_applicable)
    scored = [i for i in instrument.items if i.scored and i.id not in not_applicable]
    values = [v for i in scored if (v := item_score(instrument, i, answers.get(i.id))) is not None]
    total: float | None = None
    if values:
        total = sum(values) / len(values) if instrument.scoring.method == "mean" else sum(values)
    answered_risk = {k: v for k, v in answers.items() if v is not None}
    flags = tuple(f for f in _risk_flags(instrument, answered_risk) if f.answered)
    return RunningTotal(total=total, answered=len(values), expected=len(scored), risk_flags=flags)


def item_score(instrument: Instrument, item: Item, answer: int | None) -> int | None:
    """One item's contribution to the total: the raw answer, reversed for reversed items."""
    return _item_value(instrument, item, answer)


def is_case(instrument: Instrument, total: float) -> bool | None:
    """Whether a total is at caseness (None if the instrument has no total-score caseness)."""
    threshold = instrument.caseness
    if threshold is None or threshold.applies_to != "total":
        return None
    return compare(total, threshold.comparison, threshold.value)


# --- the steps ---------------------------------------------------------------------------


def _not_applicable(instrument: Instrument, context: Mapping[str, Any]) -> set[str]:
    return {
        item.id
        for item in instrument.items
        if item.not_applicable_when and context.get(item.not_applicable_when)
    }


def _optional(instrument: Instrument, context: Mapping[str, Any]) -> set[str]:
    """Items that may be blank: optional ones, unless their ``required_when`` key is set."""
    return {
        item.id
        for item in instrument.items
        if item.optional and not (item.required_when and context.get(item.required_when))
    }


def _check_answers(instrument: Instrument, answers: Answers, not_applicable: set[str]) -> None:
    known = instrument.known_item_ids
    for item_id in answers:
        if item_id not in known:
            raise AnswerError(f"{instrument.code}: unknown item {item_id!r}")
    for item in instrument.items:
        value = answers.get(item.id)
        if value is None:
            continue
        if item.id in not_applicable:
            raise AnswerError(
                f"{instrument.code}: item {item.id} does not apply "
                f"({item.not_applicable_when}) and must be left blank"
            )
        options = instrument.options_for(item)
        if isinstance(value, bool) or not isinstance(value, int) or value not in options.allowed:
            raise AnswerError(
                f"{instrument.code}: item {item.id} answer {value!r} is out of range; "
                f"allowed {options.describe_allowed()}"
            )


def _item_value(instrument: Instrument, item: Item, answer: int | None) -> int | None:
    """The item's score: the answer, reversed for reversed items."""
    if answer is None or not item.reverse:
        return answer
    options = instrument.options_for(item)
    return options.lowest + options.highest - answer


def _total(instrument: Instrument, answered: list[int], blanks: int) -> tuple[float, float, bool]:
    """Return (total, raw total, pro-rated?)."""
    method = instrument.scoring.method
    raw: float = sum(answered)
    if method == "mean":
        return (raw / len(answered) if answered else 0.0), raw, False
    if method == "table":
        return instrument.scoring.conversion[int(raw)], raw, False
    if blanks:  # only reachable when the missing-item rule allows blanks, and then it pro-rates
        return round(raw * (len(answered) + blanks) / len(answered), 2), raw, True
    return raw, raw, False


def _band(instrument: Instrument, total: float) -> tuple[str, str] | None:
    """Bands are validated contiguous, so a (pro-rated) total belongs to the last band whose
    minimum it reaches: 10.5 on bands 0–10 / 11–14 is in 0–10."""
    found = None
    for band in instrument.bands:
        if total >= band.min:
            found = (band.key, band.label)
    return found


def _caseness(instrument: Instrument, total: float, answered: list[int]) -> bool | None:
    threshold = instrument.caseness
    if threshold is not None and threshold.applies_to == "any_item":
        return any(compare(v, threshold.comparison, threshold.value) for v in answered)
    return is_case(instrument, total)


def _risk_flags(instrument: Instrument, answers: Answers) -> tuple[RiskFlag, ...]:
    """Checked on every submission, whatever the total (docs/clinical-definitions.md §2.1)."""
    flags = []
    for risk in instrument.risk_items:
        value = answers.get(risk.item)
        if value is None:
            flags.append(RiskFlag(risk.item, risk.unanswered_message, answered=False))
        elif compare(value, risk.comparison, risk.value):
            flags.append(RiskFlag(risk.item, risk.message))
    return tuple(flags)


def _subscale(subscale: Subscale, values: Mapping[str, int | None]) -> float | None:
    """A sum subscale needs every item; a mean subscale allows ``max_missing`` blanks."""
    present = [v for i in subscale.items if (v := values[i]) is not None]
    blanks = len(subscale.items) - len(present)
    if subscale.method == "sum":
        return sum(present) if blanks == 0 else None
    if blanks > subscale.max_missing or not present:
        return None
    return sum(present) / len(present)


def _rule(
    rule: Rule,
    total: float,
    values: Mapping[str, int | None],
    ins: Instrument,
    optional: set[str],
) -> bool | None:
    """True if every condition holds, False if any fails, None if a blank leaves it open."""
    results = [_condition(c, total, values, ins, optional) for c in rule.conditions]
    if False in results:
        return False
    return None if None in results else True


def _condition(
    cond: Condition,
    total: float,
    values: Mapping[str, int | None],
    ins: Instrument,
    optional: set[str],
) -> bool | None:
    if cond.kind == "total":
        return compare(total, cond.comparison, cond.value)
    if cond.kind == "item":
        value = values[cond.target]
        return None if value is None else compare(value, cond.comparison, cond.value)
    if cond.kind == "subscale":
        subscale = next(s for s in ins.subscales if s.key == cond.target)
        part = _subscale(subscale, values)
        return None if part is None else compare(part, cond.comparison, cond.value)
    # "count": how many of the items score at least item_min. A blank optional item (e.g.
    # PHQ-15 menstrual item for a man) counts as not scoring; any other blank leaves it open.
    count = sum(1 for i in cond.items if (v := values[i]) is not None and v >= cond.item_min)
    if compare(count, cond.comparison, cond.value):
        return True
    open_items = [i for i in cond.items if values[i] is None and i not in optional]
    return None if open_items else False
