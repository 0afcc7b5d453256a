"""Every page of the persona walk, in Hebrew and in Arabic, carries none of stepcare's own
English sentences and no numeric date such as 06/03/2026 (is that 6 March or 3 June?).

stepcare's own text is known from its catalogues: any msgid of three words or more that
appears verbatim in a Hebrew or Arabic page was not translated there (a string displayed
without gettext, or one not translated yet in the .po file). Client names, free text typed by
staff and loaded questionnaire wording are not msgids, so they are not caught.
"""

from __future__ import annotations

import html
import re
from ast import literal_eval
from functools import cache
from pathlib import Path

import polib
import pytest

from stepcare.staff.tests.test_access import OBJECT_KWARGS, _url, project_patterns

LOCALE = Path(__file__).resolve().parents[2] / "locale"

NUMERIC_DATES = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{4}/\d{2}/\d{2}\b")
# A python-format or template placeholder splits a msgid into literal pieces.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
# Text a person reads: element content and the attributes spoken or shown.
SHOWN_ATTRIBUTES = re.compile(r'\s(?:aria-label|title|placeholder|alt)="([^"]*)"')
INVISIBLE = re.compile(r"<(script|style|template)\b.*?</\1>", re.DOTALL | re.IGNORECASE)
TAG = re.compile(r"<[^>]+>")
# Where a band label is shown on its own: the score's band and the chart's band labels.
BAND = re.compile(r'class="(?:score-band|small|chart-band-label)"[^>]*>([^<]+)<')
CATALOGUE_STRING = re.compile(r"pgettext_lazy\('[^']+', ('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")\)")
# Scanned as each persona: (persona, whose objects the URLs name). pwp_a1 and supervisor_a
# may see client_a1's record (the objects OBJECT_KWARGS gives for pwp_a2); the manager and
# the administrator are refused them, so their walk also scans the error pages.
WALKERS = [("pwp_a1", "pwp_a2"), ("supervisor_a", "pwp_a2"), ("manager", "manager"), ("admin", "admin")]


def _words(text: str) -> int:
    return len(re.findall(r"[A-Za-z]+", text))


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@cache
def same_in(language: str) -> frozenset[str]:
    """msgids the catalogue deliberately keeps as they are in this language (a citation key
    such as "CAMCOPS phq9.py", an abbreviation): finding them on a page is no fault."""
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    return frozenset(e.msgid for e in po if not e.obsolete and e.translated() and e.msgstr == e.msgid)


@cache
def english_sentences(language: str) -> frozenset[str]:
    """stepcare's own English text of three words or more: the msgids of the language's
    catalogue and our wording in the instrument files (catalogue_strings.py hands it to
    makemessages, so it is caught before it is in the catalogue too)."""
    from stepcare.measures.catalogue_text import strings_module

    msgids = [
        msgid
        for entry in polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        if not entry.obsolete
        for msgid in (entry.msgid, entry.msgid_plural)
    ]
    msgids += [literal_eval(text) for text in CATALOGUE_STRING.findall(strings_module())]
    found: set[str] = set()
    for msgid in msgids:
        if msgid in same_in(language):
            continue
        for piece in PLACEHOLDER.split(msgid or ""):
            piece = _normal(piece).strip(" :·—-,(")
            if _words(piece) >= 3:
                found.add(piece)
    return frozenset(found)


@cache
def band_labels(language: str) -> frozenset[str]:
    """Severity band labels, however short: "Mild" in a Hebrew page is untranslated."""
    from stepcare.measures.engine import load_catalogue

    labels = {band.label for instrument in load_catalogue().values() for band in instrument.bands}
    return frozenset(labels - same_in(language))


def page_text(body: str) -> str:
    """What a person reads or hears on the page, tags removed, entities decoded."""
    body = INVISIBLE.sub(" ", body)
    spoken = " ".join(SHOWN_ATTRIBUTES.findall(body))
    return _normal(html.unescape(TAG.sub(" ", body) + " " + spoken))


def findings(body: str, language: str = "he") -> list[str]:
    text = page_text(body)
    found = [f"numeric date {m!r}" for m in NUMERIC_DATES.findall(text)]
    found += [f"English {s!r}" for s in sorted(english_sentences(language)) if s in text]
    shown_bands = {html.unescape(label.strip()) for label in BAND.findall(body)}
    found += [f"English band {label!r}" for label in sorted(shown_bands & band_labels(language))]
    return found


def _world_with_records(world):
    """The walk's world, with what the record pages show: an assessment, a care-path
    proposal, measures with their bands and a risk alert."""
    from stepcare.measures.tests.helpers import GAD7_MILD, record
    from stepcare.testing import make_proposal

    referral = world.client_a1.referrals.get()
    make_proposal(referral)
    record(referral, days_ago=14)
    record(referral, "GAD7", GAD7_MILD, days_ago=14)
    record(referral, answers={"q1": 2, "q2": 2, "q3": 2, "q4": 2, "q5": 2, "q6": 2, "q7": 2, "q8": 2, "q9": 1})
    world.foreign_alert("pwp_a2")
    return world


def walk(client, world, persona, objects_of):
    user = world.personas[persona]
    client.force_login(user)
    for route, pattern in project_patterns():
        if route in ("healthz",):
            continue
        kwargs = {k: OBJECT_KWARGS[k][0](world, objects_of) for k in pattern.pattern.converters}
        url = _url(route, kwargs)
        response = client.get(url)
        if response.status_code in (200, 403, 404) and response.get("Content-Type", "").startswith("text/html"):
            yield url, response.status_code, response.content.decode()
    response = client.get("/no-such-page/")
    yield "/no-such-page/", response.status_code, response.content.decode()


def test_the_scan_finds_english_sentences_and_numeric_dates():
    body = (
        '<main><p>Referral received 06/03/2026</p><p title="Skip to main content">x</p>'
        "<script>var d = '01/12/2026';</script><p>2026/12/01</p></main>"
    )
    found = findings(body)
    assert "numeric date '06/03/2026'" in found and "numeric date '2026/12/01'" in found
    assert "English 'Skip to main content'" in found
    assert not any("01/12/2026" in f for f in found)  # scripts are not read
    assert findings("<main><p>1 בדצמבר 2026, 08:36 · Dana Alpha</p></main>") == []
    assert findings('<span class="score-band">Moderately severe</span>') == ["English band 'Moderately severe'"]
    # stepcare's wording in the instrument files counts as its own text.
    assert findings("<li>Item 10 (difficulty) is asked but not scored.</li>") != []


def test_a_msgid_the_catalogue_keeps_unchanged_is_no_finding(tmp_path, monkeypatch):
    """A citation key translated as itself ("CAMCOPS phq9.py") may stand in a Hebrew page."""
    import stepcare.staff.tests.test_language_scan as scan

    folder = tmp_path / "xx" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    catalogue = polib.POFile()
    catalogue.append(polib.POEntry(msgid="CAMCOPS docs phq9.rst", msgstr="CAMCOPS docs phq9.rst"))
    catalogue.append(polib.POEntry(msgid="Go to your home page", msgstr="לדף הבית שלך"))
    catalogue.save(str(folder / "django.po"))
    # A second language whose catalogue has not translated the key: there it is a finding.
    other = tmp_path / "yy" / "LC_MESSAGES"
    other.mkdir(parents=True)
    untranslated = polib.POFile()
    untranslated.append(polib.POEntry(msgid="CAMCOPS docs phq9.rst", msgstr=""))
    untranslated.save(str(other / "django.po"))
    monkeypatch.setattr(scan, "LOCALE", tmp_path)
    page = "<p>[CAMCOPS docs phq9.rst] Go to your home page</p>"
    assert findings(page, "xx") == ["English 'Go to your home page'"]
    assert "English 'CAMCOPS docs phq9.rst'" in findings(page, "yy")


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["he", "ar"])
def test_pages_carry_no_english_sentence_and_no_numeric_date(client, world, language):
    _world_with_records(world)
    client.cookies["django_language"] = language
    problems = {}
    scanned = 0
    for persona, objects_of in WALKERS:
        for url, status, body in walk(client, world, persona, objects_of):
            scanned += 1
            found = findings(body, language)
            if f'<html lang="{language}"' not in body:
                found.insert(0, "not the site's layout in the chosen language")
            if found:
                problems[f"{persona} {url} ({status})"] = found
    assert scanned > 40
    assert problems == {}, "\n".join(f"{page}: {found}" for page, found in problems.items())
