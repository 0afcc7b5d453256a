"""The shapes of an instrument definition.

Every instrument lives in one TOML file in ``stepcare/measures/instruments/`` and is read by
``loader.py`` into the frozen dataclasses below. Nothing here knows any clinical number: the
numbers are in the data files, each with the source key (docs/clinical-definitions.md §8) it came from and whether
that source is verified.

Lookups derived from a definition (an option set's scores, an instrument's item ids) are
``cached_property``: worked out on first use and kept, which is safe because the dataclasses
are frozen. ``score()`` reads them on every call, so scoring many answer sets (``stepcare
score --batch``) does not rebuild them each time.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

# The comparisons a threshold may use, by the symbol written in the data files.
COMPARISONS: Mapping[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}

SCORING_METHODS = ("sum", "mean", "table")
SUBSCALE_METHODS = ("sum", "mean")


def compare(value: float, comparison: str, threshold: float) -> bool:
    """Apply a comparison symbol from a data file (``">="``, ``">"``...)."""
    return COMPARISONS[comparison](value, threshold)


class DefinitionError(ValueError):
    """An instrument or translation file is malformed; the message names file and field."""


@dataclass(frozen=True)
class Option:
    """One response option: the score stored for it and its label per language."""

    score: int
    label: Mapping[str, str]


@dataclass(frozen=True)
class OptionSet:
    """The responses an item allows. Scores are the raw answer values (before reversal)."""

    key: str
    options: tuple[Option, ...]
    numeric: bool = False  # declared as a plain range (labels are the numbers themselves)

    @cached_property
    def scores(self) -> tuple[int, ...]:
        return tuple(option.score for option in self.options)

    @cached_property
    def allowed(self) -> frozenset[int]:
        """The scores as a set, for the check made on every answer."""
        return frozenset(self.scores)

    @cached_property
    def lowest(self) -> int:
        return min(self.scores)

    @cached_property
    def highest(self) -> int:
        return max(self.scores)

    @property
    def is_contiguous(self) -> bool:
        return sorted(self.scores) == list(range(self.lowest, self.highest + 1))

    def describe_allowed(self) -> str:
        if self.is_contiguous:
            return f"{self.lowest}–{self.highest}"
        return ", ".join(str(s) for s in self.scores)


@dataclass(frozen=True)
class Item:
    """One question.

    ``label`` is a short English label (always present; for data-entry-only instruments it is
    the only wording we ship). ``text`` is the verbatim wording per language, only for
    instruments whose licence lets us reproduce it.
    ``scored``: counts towards the total. ``optional``: may be left blank without counting as
    missing. ``not_applicable_when``: a context key which, when true, removes the item from
    the total and its maximum (e.g. WSAS work item for someone retired). ``required_when``: a
    context key which, when true, makes an optional item required (e.g. the PHQ-15 menstrual
    item for a woman, as CamCOPS phq15.py ``is_complete`` does).
    """

    id: str
    number: int
    label: str
    text: Mapping[str, str]
    option_set: str
    scored: bool = True
    reverse: bool = False
    optional: bool = False
    not_applicable_when: str | None = None
    required_when: str | None = None


@dataclass(frozen=True)
class Band:
    """A severity band over integer totals, inclusive at both ends."""

    key: str
    label: str
    min: int
    max: int


@dataclass(frozen=True)
class Threshold:
    """A caseness cut-off. ``applies_to`` is ``"total"`` or ``"any_item"``."""

    value: float
    comparison: str
    source: str
    verified: bool
    applies_to: str = "total"
    note: str = ""


@dataclass(frozen=True)
class ReliableChange:
    """The smallest change counted as reliable, in total-score units."""

    value: float
    source: str
    verified: bool
    note: str = ""


@dataclass(frozen=True)
class RiskItem:
    """An item whose answer must raise a risk flag whatever the total score.

    ``message`` is shown when the answer triggers the flag; ``unanswered_message`` when the
    item is left blank (blank is not "no", so a blank risk item is flagged too).
    """

    item: str
    comparison: str
    value: int
    message: str
    unanswered_message: str
    source: str
    verified: bool


@dataclass(frozen=True)
class Subscale:
    """A named part score. ``max_missing`` only applies to mean subscales."""

    key: str
    label: str
    items: tuple[str, ...]
    method: str = "sum"
    max_missing: int = 0
    source: str = ""


@dataclass(frozen=True)
class Condition:
    """One part of a rule.

    ``kind`` is ``"total"``, ``"item"`` (``target`` = item id), ``"subscale"`` (``target`` =
    subscale key) or ``"count"`` (how many of ``items`` score at least ``item_min``).
    """

    kind: str
    comparison: str
    value: float
    target: str = ""
    items: tuple[str, ...] = ()
    item_min: int = 0


@dataclass(frozen=True)
class Rule:
    """A published decision rule (e.g. PCL-5 provisional diagnosis): all conditions hold."""

    key: str
    label: str
    conditions: tuple[Condition, ...]
    source: str
    verified: bool


@dataclass(frozen=True)
class Scoring:
    """How the total is made.

    ``method``: ``sum`` (after reversal), ``mean`` (of answered scored items) or ``table``
    (raw sum converted through ``conversion``). ``max_missing`` scored items may be blank;
    a ``sum`` with blanks allowed must pro-rate (``prorate = true``), otherwise it refuses.
    """

    method: str
    max_missing: int
    prorate: bool
    source: str
    verified: bool
    conversion: Mapping[int, float] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Codes:
    """Terminology codes for the total score (docs/clinical-definitions.md §1.10–§1.17)."""

    loinc: str = ""
    snomed: str = ""
    source: str = ""


@dataclass(frozen=True)
class Instrument:
    """One questionnaire, as declared in its TOML file."""

    code: str
    name: str
    version: str
    licence: str
    licence_source: str
    data_entry_only: bool
    recall_period: str
    languages: tuple[str, ...]
    stem: Mapping[str, str]
    higher_is_better: bool
    items: tuple[Item, ...]
    option_sets: Mapping[str, OptionSet]
    scoring: Scoring
    subscales: tuple[Subscale, ...] = ()
    bands: tuple[Band, ...] = ()
    bands_source: str = ""
    bands_verified: bool = False
    caseness: Threshold | None = None
    reliable_change: ReliableChange | None = None
    risk_items: tuple[RiskItem, ...] = ()
    rules: tuple[Rule, ...] = ()
    codes: Codes = field(default_factory=Codes)
    notes: tuple[str, ...] = ()
    path: Path | None = None

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @cached_property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    @cached_property
    def known_item_ids(self) -> frozenset[str]:
        return frozenset(self.item_ids)

    @property
    def context_keys(self) -> tuple[str, ...]:
        """The context keys this instrument reads (``not_applicable_when``, ``required_when``)."""
        keys = {item.not_applicable_when for item in self.items} | {
            item.required_when for item in self.items
        }
        return tuple(sorted(key for key in keys if key))

    def options_for(self, item: Item) -> OptionSet:
        return self.option_sets[item.option_set]

    def total_range(self) -> tuple[float, float]:
        """Lowest and highest possible total with every item applicable."""
        scored = [self.options_for(i) for i in self.items if i.scored]
        if self.scoring.method == "mean":
            return min(s.lowest for s in scored), max(s.highest for s in scored)
        low, high = sum(s.lowest for s in scored), sum(s.highest for s in scored)
        if self.scoring.method == "table":
            table = self.scoring.conversion
            return min(table.values()), max(table.values())
        return low, high
