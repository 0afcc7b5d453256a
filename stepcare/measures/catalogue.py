"""The instrument catalogue as the web app sees it: shipped instruments plus the
translations this service has loaded, and the wording to show in a language.

Instrument wording never goes through gettext: it is the validated text of the
instrument in one language, shipped (English) or loaded from a translation file.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import get_language_info

from stepcare.measures.engine import Instrument, load_catalogue, suggested_anxiety_measure
from stepcare.measures.engine.definitions import Item
from stepcare.measures.models import InstrumentTranslation

# Shown first when choosing what to give: the NHS Talking Therapies core set (docs/clinical-definitions.md §1.10–§1.13).
CORE_INSTRUMENTS = ("PHQ9", "GAD7", "WSAS", "PHOBIA")

# Given at every initial assessment, with the anxiety measure the descriptor calls for.
ASSESSMENT_CORE = ("PHQ9", "GAD7", "WSAS")

# Context keys an instrument may use to remove an item (engine ``not_applicable_when``).
CONTEXT_KEYS = ("not_working", "female")


def instruments() -> list[Instrument]:
    """Every instrument, core ones first, then by code."""
    catalogue = load_catalogue()
    core = [catalogue[code] for code in CORE_INSTRUMENTS if code in catalogue]
    return core + [catalogue[code] for code in catalogue if code not in CORE_INSTRUMENTS]


def assessment_measure_codes(descriptor: str | None) -> list[str]:
    """The measure set of an initial assessment: PHQ-9, GAD-7, WSAS and the anxiety measure the
    provisional problem descriptor calls for (docs/clinical-definitions.md §6). The one home of
    this rule: the assessment form, the referral page, letters and the generator ask it."""
    return list(dict.fromkeys([*ASSESSMENT_CORE, suggested_anxiety_measure(descriptor or None)]))


def instrument_get(code: str) -> Instrument:
    """The instrument, or 404 for an unknown code (codes are case-insensitive in URLs)."""
    catalogue = load_catalogue()
    try:
        return catalogue[code.upper()]
    except KeyError:
        raise Http404(f"No instrument {code!r}") from None


def loaded_languages() -> dict[str, list[str]]:
    """Instrument code -> languages loaded as translations for its current version (one query)."""
    catalogue = load_catalogue()
    found: dict[str, list[str]] = {}
    rows = InstrumentTranslation.objects.order_by("language").values_list("instrument", "version", "language")
    for code, version, language in rows:
        if code in catalogue and catalogue[code].version == version:
            found.setdefault(code, []).append(language)
    return found


def available_languages(instrument: Instrument, loaded: dict[str, list[str]] | None = None) -> list[str]:
    """Languages the instrument can be given in: shipped text plus loaded translations."""
    loaded = loaded_languages() if loaded is None else loaded
    return sorted(set(instrument.languages) | set(loaded.get(instrument.code, [])))


def is_rtl(language: str) -> bool:
    try:
        return bool(get_language_info(language)["bidi"])
    except KeyError:
        return language in {"he", "ar", "fa", "ur", "yi"}


@dataclass
class Wording:
    """The text of one instrument in one language (empty strings for data entry only)."""

    language: str
    stem: str = ""
    items: dict[str, str] = field(default_factory=dict)
    option_labels: dict[str, dict[int, str]] = field(default_factory=dict)
    provenance: str = ""

    @property
    def has_text(self) -> bool:
        return bool(self.items)

    @property
    def direction(self) -> str:
        return "rtl" if is_rtl(self.language) else "ltr"


def wording_for(instrument: Instrument, language: str) -> Wording:
    """The validated wording in ``language``; an empty Wording when there is none."""
    if language and language in instrument.languages:
        return Wording(
            language=language,
            stem=instrument.stem.get(language, ""),
            items={item.id: item.text.get(language, "") for item in instrument.items},
            option_labels={
                key: {o.score: o.label.get(language, str(o.score)) for o in option_set.options}
                for key, option_set in instrument.option_sets.items()
                if not option_set.numeric
            },
            provenance=instrument.licence,
        )
    if language:
        row = (
            InstrumentTranslation.objects.filter(
                instrument=instrument.code, version=instrument.version, language=language
            )
            .only("wording", "provenance")
            .first()
        )
        if row is not None:
            labels = row.wording.get("option_labels", {})
            return Wording(
                language=language,
                stem=row.wording.get("stem", ""),
                items=dict(row.wording.get("items", {})),
                option_labels={key: {int(s): label for s, label in value.items()} for key, value in labels.items()},
                provenance=row.provenance,
            )
    return Wording(language="")


def option_label(instrument: Instrument, item: Item, score: int | None, wording: Wording | None = None) -> str:
    """How an answer reads: the option label in the wording's language, else the short English one."""
    if score is None:
        return ""
    if wording is not None and item.option_set in wording.option_labels:
        label = wording.option_labels[item.option_set].get(score)
        if label:
            return label
    for option in instrument.options_for(item).options:
        if option.score == score:
            return option.label.get("en", str(score))
    return str(score)
