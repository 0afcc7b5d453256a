"""Read and validate instrument TOML files.

Validation is strict: an unknown key, a wrong type, bands that leave a gap, a reversed item
whose options are not contiguous, a risk item that does not exist... each raises
``DefinitionError`` naming the file and the field, so a bad file never loads half-way.
The file format is documented in ``stepcare/measures/instruments/README.md``.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from .definitions import (
    COMPARISONS,
    SCORING_METHODS,
    SUBSCALE_METHODS,
    Band,
    Codes,
    Condition,
    DefinitionError,
    Instrument,
    Item,
    Option,
    OptionSet,
    ReliableChange,
    RiskItem,
    Rule,
    Scoring,
    Subscale,
    Threshold,
)

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "instruments"
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9]*$")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
T = TypeVar("T")


class Table:
    """A TOML table being read: typed getters that name the field on error, and a final
    ``done()`` that refuses any key nobody asked for (typos must not pass silently)."""

    def __init__(self, data: Any, where: str, path: Path) -> None:
        if not isinstance(data, dict):
            raise DefinitionError(f"{path.name}: {where}: expected a table")
        self.data: dict[str, Any] = data
        self.where = where
        self.path = path
        self.seen: set[str] = set()

    def fail(self, key: str, problem: str) -> DefinitionError:
        field = f"{self.where}.{key}" if self.where else key
        return DefinitionError(f"{self.path.name}: {field}: {problem}")

    def _get(self, key: str, kinds: tuple[type, ...], default: Any, kind_name: str) -> Any:
        self.seen.add(key)
        if key not in self.data:
            if default is _REQUIRED:
                raise self.fail(key, "is required")
            return default
        value = self.data[key]
        if isinstance(value, bool) and bool not in kinds:
            raise self.fail(key, f"must be {kind_name}, not a boolean")
        if not isinstance(value, kinds):
            raise self.fail(key, f"must be {kind_name}")
        return value

    def text(self, key: str, default: Any = None) -> Any:
        return self._get(key, (str,), _REQUIRED if default is None else default, "a string")

    def flag(self, key: str, default: Any = None) -> bool:
        return bool(
            self._get(key, (bool,), _REQUIRED if default is None else default, "true/false")
        )

    def integer(self, key: str, default: Any = None) -> int:
        return int(self._get(key, (int,), _REQUIRED if default is None else default, "an integer"))

    def number(self, key: str) -> float:
        number: float = self._get(key, (int, float), _REQUIRED, "a number")
        return number

    def array(self, key: str, default: Any = None) -> list[Any]:
        return list(self._get(key, (list,), _REQUIRED if default is None else default, "a list"))

    def table(self, key: str) -> Table:
        self.seen.add(key)
        if key not in self.data:
            raise self.fail(key, "is required")
        return Table(self.data[key], self._sub(key), self.path)

    def optional_table(self, key: str) -> Table | None:
        self.seen.add(key)
        return self.table(key) if key in self.data else None

    def tables(self, key: str) -> Iterator[Table]:
        for index, entry in enumerate(self.array(key, [])):
            yield Table(entry, f"{self._sub(key)}[{index}]", self.path)

    def texts(self, key: str, default: Any = None) -> Mapping[str, str]:
        """A ``{language = "text"}`` table."""
        raw = self._get(key, (dict,), _REQUIRED if default is None else default, "a table")
        for lang, text in raw.items():
            if not isinstance(text, str) or not text.strip():
                raise self.fail(f"{key}.{lang}", "must be non-empty text")
        return MappingProxyType(dict(raw))

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise self.fail(unknown[0], "is not a known field")

    def _sub(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key


_REQUIRED = object()


def load_instrument(path: Path) -> Instrument:
    """Read one instrument file; raise ``DefinitionError`` naming file and field if invalid."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DefinitionError(f"{path.name}: not valid TOML: {error}") from error
    top = Table(raw, "", path)
    instrument = _read_instrument(top, path)
    top.done()
    _check_instrument(instrument, top)
    return instrument


def _read_instrument(top: Table, path: Path) -> Instrument:
    code = top.text("code")
    if not CODE_PATTERN.match(code):
        raise top.fail("code", "must be capital letters and digits, e.g. PHQ9")
    if path.stem != code.lower():
        raise top.fail("code", f"must match the file name ({path.stem}.toml → {path.stem.upper()})")
    option_sets = _read_option_sets(top.table("option_sets"))
    codes_table = top.optional_table("codes")
    return Instrument(
        code=code,
        name=top.text("name"),
        version=top.text("version"),
        licence=top.text("licence"),
        licence_source=top.text("licence_source"),
        data_entry_only=top.flag("data_entry_only"),
        recall_period=top.text("recall_period"),
        languages=tuple(top.array("languages")),
        stem=top.texts("stem", {}),
        higher_is_better=top.flag("higher_is_better", False),
        items=tuple(_read_item(t) for t in top.tables("items")),
        option_sets=MappingProxyType(option_sets),
        scoring=_read_scoring(top.table("scoring")),
        subscales=tuple(_read_subscale(t) for t in top.tables("subscales")),
        bands=tuple(_read_band(t) for t in top.tables("bands")),
        bands_source=top.text("bands_source", ""),
        bands_verified=top.flag("bands_verified", False),
        caseness=_optional(top.optional_table("caseness"), _read_threshold),
        reliable_change=_optional(top.optional_table("reliable_change"), _read_reliable_change),
        risk_items=tuple(_read_risk_item(t) for t in top.tables("risk_items")),
        rules=tuple(_read_rule(t) for t in top.tables("rules")),
        codes=_read_codes(codes_table) if codes_table else Codes(),
        notes=tuple(top.array("notes", [])),
        path=path,
    )


def _optional(table: Table | None, reader: Callable[[Table], T]) -> T | None:
    return reader(table) if table is not None else None


def _finish(table: Table, value: T) -> T:
    """Return ``value`` once every key of ``table`` has been read (else refuse the file)."""
    table.done()
    return value


def _read_option_sets(table: Table) -> dict[str, OptionSet]:
    sets: dict[str, OptionSet] = {}
    for key in list(table.data):
        entry = table.table(key)
        if "range" in entry.data:
            low, high = _pair(entry, "range")
            options = tuple(
                Option(s, MappingProxyType({"en": str(s)})) for s in range(low, high + 1)
            )
            entry.seen.add("range")
        else:
            options = tuple(
                _finish(o, Option(o.integer("score"), o.texts("label")))
                for o in entry.tables("options")
            )
        if not options:
            raise entry.fail("options", "needs at least one option")
        if len({o.score for o in options}) != len(options):
            raise entry.fail("options", "has the same score twice")
        entry.done()
        sets[key] = OptionSet(key=key, options=options, numeric="range" in entry.data)
    table.done()
    return sets


def _pair(table: Table, key: str) -> tuple[int, int]:
    value = table.array(key)
    if len(value) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
        raise table.fail(key, "must be [lowest, highest] integers")
    if value[0] > value[1]:
        raise table.fail(key, "lowest must not exceed highest")
    return value[0], value[1]


def _read_item(t: Table) -> Item:
    return _finish(
        t,
        Item(
            id=t.text("id"),
            number=t.integer("number"),
            label=t.text("label"),
            text=t.texts("text", {}),
            option_set=t.text("options"),
            scored=t.flag("scored", True),
            reverse=t.flag("reverse", False),
            optional=t.flag("optional", False),
            not_applicable_when=t.text("not_applicable_when", "") or None,
            required_when=t.text("required_when", "") or None,
        ),
    )


def _read_scoring(t: Table) -> Scoring:
    method = t.text("method")
    if method not in SCORING_METHODS:
        raise t.fail("method", f"must be one of {', '.join(SCORING_METHODS)}")
    conversion: dict[int, float] = {}
    conversion_table = t.optional_table("conversion")
    if conversion_table is not None:
        for raw_total in list(conversion_table.data):
            if not raw_total.isdigit():
                raise conversion_table.fail(raw_total, "keys must be raw totals (digits)")
            conversion[int(raw_total)] = conversion_table.number(raw_total)
        conversion_table.done()
    return _finish(
        t,
        Scoring(
            method=method,
            max_missing=t.integer("max_missing"),
            prorate=t.flag("prorate", False),
            source=t.text("source"),
            verified=t.flag("verified"),
            conversion=MappingProxyType(conversion),
            note=t.text("note", ""),
        ),
    )


def _read_subscale(t: Table) -> Subscale:
    method = t.text("method", "sum")
    if method not in SUBSCALE_METHODS:
        raise t.fail("method", f"must be one of {', '.join(SUBSCALE_METHODS)}")
    return _finish(
        t,
        Subscale(
            key=t.text("key"),
            label=t.text("label"),
            items=tuple(t.array("items")),
            method=method,
            max_missing=t.integer("max_missing", 0),
            source=t.text("source", ""),
        ),
    )


def _read_band(t: Table) -> Band:
    return _finish(
        t,
        Band(key=t.text("key"), label=t.text("label"), min=t.integer("min"), max=t.integer("max")),
    )


def _comparison(t: Table) -> str:
    symbol: str = t.text("comparison")
    if symbol not in COMPARISONS:
        raise t.fail("comparison", f"must be one of {' '.join(COMPARISONS)}")
    return symbol


def _read_threshold(t: Table) -> Threshold:
    applies_to = t.text("applies_to", "total")
    if applies_to not in ("total", "any_item"):
        raise t.fail("applies_to", "must be total or any_item")
    return _finish(
        t,
        Threshold(
            value=t.number("value"),
            comparison=_comparison(t),
            source=t.text("source"),
            verified=t.flag("verified"),
            applies_to=applies_to,
            note=t.text("note", ""),
        ),
    )


def _read_reliable_change(t: Table) -> ReliableChange:
    value = t.number("value")
    if value <= 0:
        raise t.fail("value", "must be above zero")
    return _finish(
        t,
        ReliableChange(
            value=value,
            source=t.text("source"),
            verified=t.flag("verified"),
            note=t.text("note", ""),
        ),
    )


def _read_risk_item(t: Table) -> RiskItem:
    return _finish(
        t,
        RiskItem(
            item=t.text("item"),
            comparison=_comparison(t),
            value=t.integer("value"),
            message=t.text("message"),
            unanswered_message=t.text("unanswered_message"),
            source=t.text("source"),
            verified=t.flag("verified"),
        ),
    )


def _read_condition(t: Table) -> Condition:
    kind = t.text("kind")
    if kind not in ("total", "item", "subscale", "count"):
        raise t.fail("kind", "must be total, item, subscale or count")
    return _finish(
        t,
        Condition(
            kind=kind,
            comparison=_comparison(t),
            value=t.number("value"),
            target=t.text("target", ""),
            items=tuple(t.array("items", [])),
            item_min=t.integer("item_min", 0),
        ),
    )


def _read_rule(t: Table) -> Rule:
    return _finish(
        t,
        Rule(
            key=t.text("key"),
            label=t.text("label"),
            conditions=tuple(_read_condition(c) for c in t.tables("conditions")),
            source=t.text("source"),
            verified=t.flag("verified"),
        ),
    )


def _read_codes(t: Table) -> Codes:
    return _finish(
        t, Codes(loinc=t.text("loinc", ""), snomed=t.text("snomed", ""), source=t.text("source"))
    )


# --- cross-field checks ------------------------------------------------------------------


def _check_instrument(ins: Instrument, top: Table) -> None:
    _check_languages(ins, top)
    _check_items(ins, top)
    _check_scoring(ins, top)
    _check_bands(ins, top)
    _check_references(ins, top)


def _check_languages(ins: Instrument, top: Table) -> None:
    if ins.data_entry_only:
        if ins.languages or ins.stem or any(item.text for item in ins.items):
            raise top.fail("languages", "a data_entry_only instrument ships no instrument text")
        return
    if "en" not in ins.languages:
        raise top.fail("languages", 'must include "en"')
    for lang in ins.languages:
        if lang not in ins.stem:
            raise top.fail(f"stem.{lang}", "is missing")
        for index, item in enumerate(ins.items):
            if lang not in item.text:
                raise top.fail(f"items[{index}].text.{lang}", f"is missing for item {item.id}")
        for key, option_set in ins.option_sets.items():
            for option in option_set.options:
                if lang not in option.label:
                    raise top.fail(
                        f"option_sets.{key}", f"option {option.score} has no {lang} label"
                    )


def _check_items(ins: Instrument, top: Table) -> None:
    if not ins.items:
        raise top.fail("items", "needs at least one item")
    seen_ids: set[str] = set()
    for index, item in enumerate(ins.items):
        where = f"items[{index}]"
        if not KEY_PATTERN.match(item.id) or item.id in seen_ids:
            raise top.fail(f"{where}.id", f"{item.id!r} must be a unique lower-case identifier")
        seen_ids.add(item.id)
        if item.number != index + 1:
            raise top.fail(f"{where}.number", f"must be {index + 1} (items are numbered in order)")
        if item.option_set not in ins.option_sets:
            raise top.fail(f"{where}.options", f"unknown option set {item.option_set!r}")
        if item.reverse and not ins.options_for(item).is_contiguous:
            raise top.fail(f"{where}.reverse", "reversal needs contiguous option scores")
        if item.reverse and not item.scored:
            raise top.fail(f"{where}.reverse", "only scored items can be reversed")
        for key in ("not_applicable_when", "required_when"):
            value = getattr(item, key)
            if value is not None and not KEY_PATTERN.match(value):
                raise top.fail(f"{where}.{key}", f"{value!r} must be a lower-case context key")
        if item.required_when and not item.optional:
            raise top.fail(f"{where}.required_when", "only an optional item can become required")
    if not any(item.scored for item in ins.items):
        raise top.fail("items", "at least one item must be scored")


def _check_scoring(ins: Instrument, top: Table) -> None:
    scoring = ins.scoring
    required = [i for i in ins.items if i.scored and not i.optional]
    if not 0 <= scoring.max_missing <= len(required):
        raise top.fail("scoring.max_missing", f"must be between 0 and {len(required)}")
    if scoring.method == "sum" and scoring.max_missing and not scoring.prorate:
        raise top.fail("scoring.prorate", "a sum that allows missing items must pro-rate")
    if scoring.method != "sum" and scoring.prorate:
        raise top.fail("scoring.prorate", "only sum scoring pro-rates")
    if scoring.method == "table":
        if scoring.max_missing:
            raise top.fail("scoring.max_missing", "must be 0 for a conversion table")
        if any(i.optional or i.not_applicable_when for i in ins.items if i.scored):
            raise top.fail("scoring.conversion", "conversion needs every scored item answered")
        scored = [ins.options_for(i) for i in ins.items if i.scored]
        low, high = sum(s.lowest for s in scored), sum(s.highest for s in scored)
        if sorted(scoring.conversion) != list(range(low, high + 1)):
            raise top.fail("scoring.conversion", f"must give every raw total {low}–{high} once")
    elif scoring.conversion:
        raise top.fail("scoring.conversion", 'only allowed with method = "table"')


def _check_bands(ins: Instrument, top: Table) -> None:
    if not ins.bands:
        return
    if ins.scoring.method != "sum":
        raise top.fail("bands", "bands are only supported for sum scoring (integer totals)")
    if not ins.bands_source:
        raise top.fail("bands_source", "is required when bands are given")
    low, high = ins.total_range()
    expected = low
    for index, band in enumerate(ins.bands):
        if band.min != expected:
            raise top.fail(f"bands[{index}].min", f"must be {expected:g} (no gap or overlap)")
        if band.max < band.min:
            raise top.fail(f"bands[{index}].max", "must not be below min")
        expected = band.max + 1
    if ins.bands[-1].max != high:
        raise top.fail(f"bands[{len(ins.bands) - 1}].max", f"must be {high:g}, the highest total")
    if len({b.key for b in ins.bands}) != len(ins.bands):
        raise top.fail("bands", "keys must be unique")


def _check_references(ins: Instrument, top: Table) -> None:
    ids = set(ins.item_ids)
    subscale_keys = {s.key for s in ins.subscales}
    for index, sub in enumerate(ins.subscales):
        missing = [i for i in sub.items if i not in ids]
        if missing or not sub.items:
            raise top.fail(
                f"subscales[{index}].items", f"unknown item {missing[0] if missing else '(none)'}"
            )
        if sub.method == "sum" and sub.max_missing:
            raise top.fail(
                f"subscales[{index}].max_missing", "only mean subscales allow missing items"
            )
    for index, risk in enumerate(ins.risk_items):
        if risk.item not in ids:
            raise top.fail(f"risk_items[{index}].item", f"unknown item {risk.item!r}")
    for r_index, rule in enumerate(ins.rules):
        if not rule.conditions:
            raise top.fail(f"rules[{r_index}].conditions", "needs at least one condition")
        for c_index, cond in enumerate(rule.conditions):
            where = f"rules[{r_index}].conditions[{c_index}]"
            if cond.kind == "item" and cond.target not in ids:
                raise top.fail(f"{where}.target", f"unknown item {cond.target!r}")
            if cond.kind == "subscale" and cond.target not in subscale_keys:
                raise top.fail(f"{where}.target", f"unknown subscale {cond.target!r}")
            if cond.kind == "count" and (not cond.items or set(cond.items) - ids):
                raise top.fail(f"{where}.items", "must list known items")
    for key in ins.codes.loinc, ins.codes.snomed:
        if key and not re.match(r"^[0-9-]+$", key):
            raise top.fail("codes", f"{key!r} is not a code")
    if ins.caseness and ins.caseness.applies_to == "any_item" and ins.scoring.method != "sum":
        raise top.fail("caseness.applies_to", "any_item caseness needs sum scoring")


# --- catalogue ---------------------------------------------------------------------------


class Catalogue(Mapping[str, Instrument]):
    """All instruments, by code (``catalogue["PHQ9"]``)."""

    def __init__(self, instruments: Mapping[str, Instrument]) -> None:
        self._instruments = dict(instruments)

    def __getitem__(self, code: str) -> Instrument:
        return self._instruments[code]

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._instruments))

    def __len__(self) -> int:
        return len(self._instruments)


def load_catalogue(directory: Path | None = None) -> Catalogue:
    """Load every ``*.toml`` instrument in ``directory`` (default: the shipped catalogue).

    The default catalogue is read once and cached; a directory passed in is read every time.
    """
    if directory is None:
        return _default_catalogue()
    return _load_directory(directory)


@functools.cache
def _default_catalogue() -> Catalogue:
    return _load_directory(DEFAULT_DIRECTORY)


def _load_directory(directory: Path) -> Catalogue:
    instruments = [load_instrument(path) for path in sorted(directory.glob("*.toml"))]
    if not instruments:
        raise DefinitionError(f"{directory}: no instrument files (*.toml)")
    return Catalogue({ins.code: ins for ins in instruments})
