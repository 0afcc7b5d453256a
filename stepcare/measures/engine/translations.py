"""Translation files: instrument wording in another language, checked against the instrument.

stepcare ships English only. A service that holds a licensed or validated translation
(e.g. a Hebrew PHQ-9, docs/clinical-definitions.md §1.9) loads it as a file, TOML or JSON::

    instrument = "PHQ9"          # code in the catalogue
    version = "1"                # must equal the instrument's version
    language = "he"              # BCP 47 tag
    provenance = "Where the wording comes from (publisher, validation study)"
    licence = "Terms under which the service uses it"
    stem = "..."                 # required when the instrument has a stem
    [items]                      # every item id, no more, no less
    q1 = "..."
    [[option_sets.frequency]]    # every labelled option set, same scores in the same order
    score = 0
    label = "..."

A translation never changes scoring: a mismatch is refused with ``TranslationError``
naming the first difference found, so the stored scores always mean the same thing.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .definitions import Instrument
from .loader import Catalogue, load_catalogue

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
TOP_LEVEL_KEYS = {
    "instrument",
    "version",
    "language",
    "provenance",
    "licence",
    "stem",
    "items",
    "option_sets",
}


class TranslationError(ValueError):
    """A translation does not match its instrument; the message names the first mismatch."""


@dataclass(frozen=True)
class Translation:
    """Validated wording for one instrument version in one language."""

    instrument: str
    version: str
    language: str
    provenance: str
    licence: str
    stem: str
    items: Mapping[str, str]
    option_labels: Mapping[str, Mapping[int, str]]


def load_translation_file(path: Path, catalogue: Catalogue | None = None) -> Translation:
    """Read a ``.toml`` or ``.json`` translation file and validate it against the catalogue."""
    try:
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
        elif path.suffix == ".toml":
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        else:
            raise TranslationError(f"{path.name}: must be a .toml or .json file")
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise TranslationError(f"{path.name}: cannot be parsed: {error}") from error
    catalogue = catalogue if catalogue is not None else load_catalogue()
    if not isinstance(data, dict):
        raise TranslationError(f"{path.name}: must be a table/object")
    code = data.get("instrument")
    if not isinstance(code, str) or code not in catalogue:
        raise TranslationError(f"{path.name}: instrument: unknown instrument {code!r}")
    try:
        return validate_translation(catalogue[code], data)
    except TranslationError as error:
        raise TranslationError(f"{path.name}: {error}") from error


def validate_translation(instrument: Instrument, data: Mapping[str, Any]) -> Translation:
    """Check ``data`` against ``instrument``; raise ``TranslationError`` at the first mismatch."""
    unknown = sorted(set(data) - TOP_LEVEL_KEYS)
    if unknown:
        raise TranslationError(f"{unknown[0]}: is not a known field")
    if data.get("instrument") != instrument.code:
        raise TranslationError(f"instrument: {data.get('instrument')!r} is not {instrument.code}")
    if data.get("version") != instrument.version:
        raise TranslationError(
            f"version: {data.get('version')!r} differs from {instrument.code} version "
            f"{instrument.version!r}"
        )
    language = _text(data, "language")
    if not LANGUAGE_TAG.match(language):
        raise TranslationError(f"language: {language!r} is not a language tag such as 'he'")
    stem = data.get("stem", "")
    if instrument.stem and not (isinstance(stem, str) and stem.strip()):
        raise TranslationError("stem: is missing")
    return Translation(
        instrument=instrument.code,
        version=instrument.version,
        language=language,
        provenance=_text(data, "provenance"),
        licence=_text(data, "licence"),
        stem=stem,
        items=MappingProxyType(_items(instrument, data.get("items"))),
        option_labels=MappingProxyType(_option_sets(instrument, data.get("option_sets"))),
    )


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TranslationError(f"{key}: is missing")
    return value


def _items(instrument: Instrument, items: Any) -> dict[str, str]:
    if not isinstance(items, dict):
        raise TranslationError("items: is missing")
    for item in instrument.items:
        text = items.get(item.id)
        if not isinstance(text, str) or not text.strip():
            raise TranslationError(f"items.{item.id}: is missing")
    extra = [key for key in items if key not in instrument.item_ids]
    if extra:
        raise TranslationError(f"items.{extra[0]}: {instrument.code} has no such item")
    return dict(items)


def _option_sets(instrument: Instrument, sets: Any) -> dict[str, Mapping[int, str]]:
    if not isinstance(sets, dict):
        raise TranslationError("option_sets: is missing")
    labelled = {k: s for k, s in instrument.option_sets.items() if not s.numeric}
    result: dict[str, Mapping[int, str]] = {}
    for key, option_set in labelled.items():
        given = sets.get(key)
        if not isinstance(given, list):
            raise TranslationError(f"option_sets.{key}: is missing")
        if len(given) != len(option_set.options):
            raise TranslationError(
                f"option_sets.{key}: has {len(given)} options, instrument has "
                f"{len(option_set.options)}"
            )
        labels: dict[int, str] = {}
        for index, (option, expected) in enumerate(zip(given, option_set.options, strict=True)):
            where = f"option_sets.{key}[{index}]"
            if not isinstance(option, dict) or option.get("score") != expected.score:
                got = option.get("score") if isinstance(option, dict) else option
                raise TranslationError(
                    f"{where}.score: {got!r} differs from instrument score {expected.score}"
                )
            label = option.get("label")
            if not isinstance(label, str) or not label.strip():
                raise TranslationError(f"{where}.label: is missing")
            labels[expected.score] = label
        result[key] = MappingProxyType(labels)
    extra = [key for key in sets if key not in labelled]
    if extra:
        raise TranslationError(f"option_sets.{extra[0]}: {instrument.code} has no such option set")
    return result
