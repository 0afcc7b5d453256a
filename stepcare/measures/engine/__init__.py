"""The pure measures core: instruments as data, scoring, reliable change and outcomes.

No Django here (a test enforces it): these are plain functions over plain data, so the
same rules serve the web app, the API, reports and the command line.

    from stepcare.measures.engine import load_catalogue, score
    phq9 = load_catalogue()["PHQ9"]
    result = score(phq9, {"q1": 2, ...})
"""

from .definitions import DefinitionError, Instrument
from .loader import Catalogue, load_catalogue, load_instrument
from .outcomes import (
    Change,
    ReferralOutcome,
    change_between,
    choose_anxiety_measure,
    classify_referral,
    compare,
    paired_scores,
    rate,
    suggested_anxiety_measure,
)
from .scoring import (
    AnswerError,
    RiskFlag,
    RunningTotal,
    ScoreResult,
    is_case,
    item_score,
    running_total,
    score,
)
from .translations import Translation, TranslationError, load_translation_file, validate_translation

__all__ = [
    "AnswerError",
    "Catalogue",
    "Change",
    "DefinitionError",
    "Instrument",
    "ReferralOutcome",
    "RiskFlag",
    "RunningTotal",
    "ScoreResult",
    "Translation",
    "TranslationError",
    "change_between",
    "choose_anxiety_measure",
    "classify_referral",
    "compare",
    "is_case",
    "item_score",
    "load_catalogue",
    "load_instrument",
    "load_translation_file",
    "paired_scores",
    "rate",
    "running_total",
    "score",
    "suggested_anxiety_measure",
    "validate_translation",
]
