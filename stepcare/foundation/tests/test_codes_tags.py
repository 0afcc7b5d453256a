"""End codes are shown with their meaning, in the interface's language."""

from __future__ import annotations

from django.utils import translation

from stepcare.foundation.codes import EndCode
from stepcare.foundation.templatetags.codes import end_code_label


def test_an_end_code_is_shown_with_its_meaning():
    assert end_code_label("46") == "46 · Mutually agreed completion of treatment"
    with translation.override("he"):
        assert end_code_label("46") == str(EndCode.COMPLETED.label)
    assert end_code_label("") == ""
    assert end_code_label("99") == "99"  # a code from elsewhere is shown as it is
