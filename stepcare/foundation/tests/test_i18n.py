"""The Hebrew and Arabic catalogues are complete and compiled (the .mo files are
committed so a fresh machine needs no gettext tools)."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


@pytest.mark.parametrize("language", ["he", "ar"])
def test_catalogue_is_complete_and_compiled(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries() if e.msgid]
    assert untranslated == [] and fuzzy == [], (untranslated[:10], fuzzy[:10])
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"{entry.msgid!r} missing from django.mo: recompile"


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "expected"), [("he", "rtl"), ("ar", "rtl"), ("en", "ltr")])
def test_pages_are_right_to_left_in_hebrew_and_arabic(client, world, language, expected):
    client.cookies["django_language"] = language
    client.force_login(world.pwp_a1)
    body = client.get("/").content.decode()
    assert f'lang="{language}" dir="{expected}"' in body
    if expected == "rtl":
        assert "bootstrap.rtl.min.css" in body
        assert "My caseload" not in body  # translated
