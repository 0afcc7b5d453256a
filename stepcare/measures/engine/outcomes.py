"""Reliable change and the NHS Talking Therapies outcome of a referral.

Implements docs/clinical-definitions.md §3 (sources: CLARK18 Table 2; RCI-2nd; SCORE; NHSE-REPO).
No threshold is written here: caseness comes from ``scoring.is_case`` and reliable change
from ``instrument.reliable_change``, both read from the instrument data files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from .definitions import Instrument
from .loader import Catalogue, load_catalogue
from .scoring import ScoreResult, is_case

DEPRESSION_MEASURE = "PHQ9"
DEFAULT_ANXIETY_MEASURE = "GAD7"

# docs/clinical-definitions.md §3.5: the anxiety disorder specific measure (ADSM) for each ICD-10 problem
# descriptor, in order of preference. Any other descriptor (depression F32/F33, GAD F41.1,
# mixed anxiety and depression F41.2) or none uses GAD-7.
ADSM_BY_DESCRIPTOR: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("F40.1", ("SPIN",)),  # social anxiety
    ("F43.1", ("PCL5", "IESR")),  # PTSD: PCL-5, earlier IES-R
    ("F40.0", ("MI",)),  # agoraphobia: Mobility Inventory
    ("F42", ("OCIR", "OCI")),  # OCD: OCI-R, earlier the 42-item OCI
    ("F41.0", ("PDSS",)),  # panic disorder
    ("F45.2", ("HAI",)),  # health anxiety
)

# Mean scores (Mobility Inventory) are floats: 3.0 - 2.27 must count as a change of 0.73.
_TOLERANCE = 1e-9

ScorePoint = tuple[date, float]  # a date or an aware datetime, and the total score


@dataclass(frozen=True)
class Change:
    """First-to-last change on one measure. ``delta`` = last - first (raw direction).
    The reliable flags are None when the instrument has no reliable-change value."""

    instrument: str
    first: float
    last: float
    delta: float
    reliable_improvement: bool | None
    reliable_deterioration: bool | None
    reliable_change_verified: bool | None


def compare(instrument: Instrument, first: ScoreResult, last: ScoreResult) -> Change:
    """Compare two scores of the same instrument, respecting ``higher_is_better``."""
    for result in (first, last):
        if result.instrument != instrument.code:
            raise ValueError(f"{result.instrument} score given to compare {instrument.code}")
    return change_between(instrument, first.total, last.total)


def change_between(instrument: Instrument, first: float, last: float) -> Change:
    """Reliable change between two totals: a move of at least the instrument's
    reliable-change value in the better (improvement) or worse (deterioration) direction."""
    delta = last - first
    improvement = delta if instrument.higher_is_better else -delta
    rc = instrument.reliable_change
    return Change(
        instrument=instrument.code,
        first=first,
        last=last,
        delta=delta,
        reliable_improvement=None if rc is None else improvement >= rc.value - _TOLERANCE,
        reliable_deterioration=None if rc is None else -improvement >= rc.value - _TOLERANCE,
        reliable_change_verified=None if rc is None else rc.verified,
    )


@dataclass(frozen=True)
class ReferralOutcome:
    """The outcome of one referral (docs/clinical-definitions.md §3). Outcome flags are None when they
    cannot be decided: not paired, or (recovery) a measure has no caseness value. A measure
    with no reliable-change value counts as neither a reliable fall nor a reliable rise."""

    paired: bool
    depression_measure: str
    anxiety_measure: str
    depression_first: float | None
    depression_last: float | None
    anxiety_first: float | None
    anxiety_last: float | None
    caseness_at_start: bool | None
    recovery: bool | None
    reliable_improvement: bool | None
    reliable_deterioration: bool | None
    reliable_recovery: bool | None
    no_reliable_change: bool | None
    unverified: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["unverified"] = list(self.unverified)
        return data


def classify_referral(
    *,
    descriptor: str | None,
    scores: Mapping[str, Sequence[ScorePoint]],
    catalogue: Catalogue | None = None,
) -> ReferralOutcome:
    """Classify a referral from its scores: ``scores`` maps instrument code to (when, total).

    - paired scores: first and last score of a measure, at different times;
    - anxiety measure: the ADSM for the descriptor if it has paired scores, else GAD-7;
    - caseness at start: first PHQ-9 or first anxiety score at caseness;
    - recovery: caseness at start and below caseness on both at the end;
    - reliable improvement: a reliable fall on at least one measure, no reliable rise on
      either; reliable deterioration is the mirror; reliable recovery = recovery and
      reliable improvement. All use the same pair (CLARK18 Table 2). A measure with no
      reliable-change value counts as neither a reliable fall nor rise (docs/clinical-definitions.md §3.12).
    Times within one measure must be all dates or all aware datetimes.
    """
    catalogue = catalogue if catalogue is not None else load_catalogue()
    anxiety_code = choose_anxiety_measure(descriptor, scores)
    depression = catalogue[DEPRESSION_MEASURE]
    anxiety = catalogue[anxiety_code]
    dep_pair = paired_scores(scores.get(DEPRESSION_MEASURE, ()))
    anx_pair = paired_scores(scores.get(anxiety_code, ()))
    dep_first, dep_last = _ends(scores.get(DEPRESSION_MEASURE, ()))
    anx_first, anx_last = _ends(scores.get(anxiety_code, ()))
    not_paired = ReferralOutcome(
        paired=False,
        depression_measure=DEPRESSION_MEASURE,
        anxiety_measure=anxiety_code,
        depression_first=dep_first,
        depression_last=dep_last,
        anxiety_first=anx_first,
        anxiety_last=anx_last,
        caseness_at_start=None,
        recovery=None,
        reliable_improvement=None,
        reliable_deterioration=None,
        reliable_recovery=None,
        no_reliable_change=None,
        unverified=_unverified(depression, anxiety),
    )
    if dep_pair is None or anx_pair is None:
        return not_paired

    caseness = _any(is_case(depression, dep_pair[0]), is_case(anxiety, anx_pair[0]))
    still_case = _any(is_case(depression, dep_pair[1]), is_case(anxiety, anx_pair[1]))
    # Not at caseness at start: not recovered (and out of the recovery-rate denominator).
    recovery = _not(still_case) if caseness is True else caseness
    changes = [change_between(depression, *dep_pair), change_between(anxiety, *anx_pair)]
    # docs/clinical-definitions.md §3.12: a measure with no reliable-change value counts as neither a reliable
    # fall nor a reliable rise (its None is read as "no"); the note in ``unverified`` says so.
    improved = [c.reliable_improvement is True for c in changes]
    worse = [c.reliable_deterioration is True for c in changes]
    improvement = any(improved) and not any(worse)
    deterioration = any(worse) and not any(improved)
    no_change = not improvement and not deterioration
    return replace(
        not_paired,
        paired=True,
        caseness_at_start=caseness,
        recovery=recovery,
        reliable_improvement=improvement,
        reliable_deterioration=deterioration,
        reliable_recovery=_all(recovery, improvement),
        no_reliable_change=no_change,
    )


def suggested_anxiety_measure(descriptor: str | None) -> str:
    """The measure to give at assessment for a problem descriptor: its ADSM, else GAD-7."""
    code = _normalise(descriptor)
    for prefix, measures in ADSM_BY_DESCRIPTOR:
        if code and code.startswith(_normalise(prefix)):
            return measures[0]
    return DEFAULT_ANXIETY_MEASURE


def choose_anxiety_measure(
    descriptor: str | None, scores: Mapping[str, Sequence[ScorePoint]]
) -> str:
    """The ADSM for the descriptor when it has paired scores, otherwise GAD-7."""
    code = _normalise(descriptor)
    for prefix, measures in ADSM_BY_DESCRIPTOR:
        if code and code.startswith(_normalise(prefix)):
            for measure in measures:
                if paired_scores(scores.get(measure, ())) is not None:
                    return measure
            break
    return DEFAULT_ANXIETY_MEASURE


def _in_order(points: Sequence[ScorePoint]) -> list[ScorePoint]:
    """Scores by time, with a fixed tie-break (then by total), so the result never depends on
    the order the points were given in (docs/clinical-definitions.md §3.3)."""
    return sorted(points, key=lambda point: (point[0], point[1]))


def paired_scores(points: Sequence[ScorePoint]) -> tuple[float, float] | None:
    """(first, last) totals by time, or None unless they were taken at different times."""
    if len(points) < 2:
        return None
    ordered = _in_order(points)
    if ordered[0][0] == ordered[-1][0]:
        return None
    return ordered[0][1], ordered[-1][1]


def rate(numerator: int, denominator: int) -> float | None:
    """A percentage (e.g. recovery rate); None when nobody is in the denominator.

    Published check (docs/clinical-definitions.md §3.14, June 2020): rate(27884, 57060 - 3200) ≈ 51.8.
    """
    if denominator <= 0:
        return None
    return 100.0 * numerator / denominator


def _ends(points: Sequence[ScorePoint]) -> tuple[float | None, float | None]:
    if not points:
        return None, None
    ordered = _in_order(points)
    return ordered[0][1], ordered[-1][1]


def _normalise(code: str | None) -> str:
    return (code or "").upper().replace(".", "").replace(" ", "")


def _unverified(*instruments: Instrument) -> tuple[str, ...]:
    notes = []
    for ins in instruments:
        if ins.caseness is None:
            notes.append(f"{ins.code}: no caseness value")
        elif not ins.caseness.verified:
            notes.append(
                f"{ins.code}: caseness {ins.caseness.comparison}{ins.caseness.value:g} "
                f"UNVERIFIED ({ins.caseness.source})"
            )
        if ins.reliable_change is None:
            notes.append(f"{ins.code}: no reliable-change value (counts as no reliable change)")
        elif not ins.reliable_change.verified:
            notes.append(
                f"{ins.code}: reliable change {ins.reliable_change.value:g} "
                f"UNVERIFIED ({ins.reliable_change.source})"
            )
    return tuple(notes)


def _any(*values: bool | None) -> bool | None:
    """Three-valued OR: True if any is True; None if any is unknown; else False."""
    if True in values:
        return True
    return None if None in values else False


def _all(*values: bool | None) -> bool | None:
    """Three-valued AND."""
    if False in values:
        return False
    return None if None in values else True


def _not(value: bool | None) -> bool | None:
    return None if value is None else not value
