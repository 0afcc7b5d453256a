"""Synthetic PHQ-9 / GAD-7 histories for the demo and the generator.

Realistic trajectories for referrals in treatment: most improve, some do not respond,
a few deteriorate, and now and then a PHQ-9 item 9 is answered above 0 (which, as
everywhere, comes with a risk alert). Answers are made first; every total, band and
risk flag is computed from them by the scoring engine, never invented.

    from stepcare.demo.measures import add_measure_history
    add_measure_history(referrals, rng, as_of)   # inside the generator's batch
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from stepcare.audit.services import audit_record
from stepcare.clients.models import Referral, ReferralStatus
from stepcare.measures.engine import Instrument, load_catalogue, score
from stepcare.measures.models import CompletedVia, MeasureResponse
from stepcare.measures.services import measure_risk_alert_raise
from stepcare.risk.services import risk_alert_acknowledge

# Share of each trajectory (improvers, non-responders, deteriorators).
TRAJECTORIES = (("improver", 0.55), ("non_responder", 0.33), ("deteriorator", 0.12))
RISK_ANSWER_CHANCE = 0.03  # per PHQ-9 at moderately severe or worse


def add_measure_history(
    referrals: Iterable[Referral],
    rng: random.Random,
    as_of: date,
    *,
    statuses: Sequence[str] = (ReferralStatus.IN_TREATMENT,),
    batch_size: int = 2000,
) -> int:
    """Create PHQ-9 and GAD-7 responses (and risk alerts for item-9 answers) for the given
    referrals whose status is in ``statuses`` and that have an allocated PWP; returns how
    many responses were made. Uses bulk inserts; deterministic for a given ``rng`` state."""
    catalogue = load_catalogue()
    phq9, gad7 = catalogue["PHQ9"], catalogue["GAD7"]
    responses: list[MeasureResponse] = []
    made = 0
    with transaction.atomic():
        for referral in referrals:
            if referral.status not in statuses or referral.allocated_pwp_id is None:
                continue
            responses.extend(_referral_history(referral, rng, as_of, phq9, gad7))
            if len(responses) >= batch_size:
                made += _save(responses)
                responses = []
        made += _save(responses)
        if made:
            audit_record(actor=None, action="create", object_type="measures.syntheticbatch", detail={"responses": made})
    return made


def _referral_history(
    referral: Referral, rng: random.Random, as_of: date, phq9: Instrument, gad7: Instrument
) -> list[MeasureResponse]:
    day = referral.received_on + timedelta(days=rng.randint(5, 30))
    sessions = rng.randint(4, 12)
    dates: list[date] = []
    while day <= as_of and len(dates) < sessions:
        dates.append(day)
        day += timedelta(days=rng.choice((7, 7, 7, 14, 10, 5)))
    if not dates:
        return []
    kind = rng.choices([k for k, _w in TRAJECTORIES], weights=[w for _k, w in TRAJECTORIES])[0]
    made = []
    for instrument, start_mean in ((phq9, 15.0), (gad7, 12.0)):
        low, high = instrument.total_range()
        start = min(max(rng.gauss(start_mean, 4.0), 6), high - 2)
        end = {
            "improver": start * rng.uniform(0.25, 0.6),
            "non_responder": start + rng.gauss(0, 2),
            "deteriorator": start + rng.uniform(4, 9),
        }[kind]
        for index, when in enumerate(dates):
            progress = index / max(1, len(dates) - 1)
            target = round(min(max(start + (end - start) * progress + rng.gauss(0, 1.5), low), high))
            answers = _answers_for(instrument, int(target), rng)
            at = timezone.make_aware(datetime.combine(when, time(rng.randint(8, 17), rng.choice((0, 15, 30, 45)))))
            made.append(_response(referral, instrument, answers, at))
    return made


def _answers_for(instrument: Instrument, target: int, rng: random.Random) -> dict[str, int | None]:
    """Item answers adding up to ``target``, spread unevenly over the scored items; item 9
    stays 0 unless the (rare) risk answer comes up."""
    risk_items = {r.item for r in instrument.risk_items}
    scored = [i for i in instrument.items if i.scored and i.id not in risk_items]
    highest = {i.id: instrument.options_for(i).highest for i in scored}
    counts = {i.id: 0 for i in instrument.items if i.scored}
    weights = [rng.uniform(0.5, 1.5) for _ in scored]
    remaining = min(target, sum(highest.values()))
    while remaining > 0:
        item = rng.choices(scored, weights=weights)[0]
        if counts[item.id] < highest[item.id]:
            counts[item.id] += 1
            remaining -= 1
    answers: dict[str, int | None] = dict(counts)
    for item_id in risk_items:
        answers[item_id] = 1 if target >= 15 and rng.random() < RISK_ANSWER_CHANCE else 0
    for item in instrument.items:
        if not item.scored:
            answers[item.id] = rng.choice(instrument.options_for(item).scores) if target else 0
    return answers


def _response(referral: Referral, instrument: Instrument, answers: dict, at: datetime) -> MeasureResponse:
    result = score(instrument, answers)
    return MeasureResponse(
        referral=referral,
        client_id=referral.client_id,
        instrument=instrument.code,
        instrument_version=instrument.version,
        language="en",
        answers=dict(result.answers),
        results=result.as_dict(),
        total=result.total,
        band_key=result.band_key or "",
        caseness=result.caseness,
        has_risk=bool(result.risk_flags),
        completed_by=referral.allocated_pwp,
        completed_via=CompletedVia.SESSION,
        completed_at=at,
    )


def _save(responses: list[MeasureResponse]) -> int:
    if not responses:
        return 0
    MeasureResponse.objects.bulk_create(responses, batch_size=1000)
    _alerts_for([r for r in responses if r.has_risk])
    return len(responses)


def _alerts_for(risky: list[MeasureResponse]) -> None:
    """Every risk answer has its alert, raised by the same service as the entry form; older
    ones were acknowledged the day after."""
    now = timezone.now()
    for response in risky:
        pwp = response.completed_by
        alert = measure_risk_alert_raise(response=response, actor=pwp, at=response.completed_at)
        if pwp is not None and now - response.completed_at > timedelta(days=7):
            risk_alert_acknowledge(
                alert=alert, actor=pwp, action_taken="Risk reviewed with the client; safety plan agreed.",
                at=response.completed_at + timedelta(days=1),
            )
