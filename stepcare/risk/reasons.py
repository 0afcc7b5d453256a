"""What an alert says, written in the reader's language when it is shown.

An alert stores a reason code and its facts (figures and codes, no sentences). The app that
raises alerts of a reason registers the function that words them (``alert_reason``), so the
wording lives next to the rule that raises the alert, and this floor imports nothing above it.
Alerts older than reason codes have no reason: their stored ``summary`` is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import translation

AlertWording = Callable[[Mapping[str, Any]], str]

_wordings: dict[str, AlertWording] = {}


def alert_reason(code: str) -> Callable[[AlertWording], AlertWording]:
    """Register the wording of the alerts raised with reason ``code``."""

    def register(wording: AlertWording) -> AlertWording:
        _wordings[code] = wording
        return wording

    return register


def alert_text(reason: str, facts: Mapping[str, Any], fallback: str = "") -> str:
    """The alert's text in the active language; the stored summary when the reason is unknown."""
    wording = _wordings.get(reason)
    if wording is None:
        return fallback
    try:
        return wording(facts)
    except (KeyError, TypeError, ValueError):
        return fallback  # facts written by an older version: the stored summary still says it


def alert_summary(reason: str, facts: Mapping[str, Any]) -> str:
    """The text stored with the alert (in English), for the audit trail and exports."""
    with translation.override("en"):
        return alert_text(reason, facts)
