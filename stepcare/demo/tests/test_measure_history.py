from __future__ import annotations

import random
from datetime import date

import pytest

from stepcare.clients.models import Referral, ReferralStatus
from stepcare.demo.measures import add_measure_history
from stepcare.demo.synthetic import generate_service
from stepcare.measures.engine import load_catalogue, score
from stepcare.measures.models import MeasureResponse
from stepcare.risk.models import RiskAlert

AS_OF = date(2026, 11, 1)
pytestmark = pytest.mark.django_db


def test_synthetic_histories_are_scored_by_the_engine_and_varied():
    generate_service(clients=300, seed=4, as_of=AS_OF)  # the generator adds the histories
    before = MeasureResponse.objects.count()
    assert before > 100
    # More can be added to chosen referrals, and the count returned is what was written.
    referrals = list(Referral.objects.filter(status=ReferralStatus.IN_TREATMENT)[:20])
    made = add_measure_history(referrals, random.Random(4), AS_OF)
    assert made == MeasureResponse.objects.count() - before > 0
    assert set(MeasureResponse.objects.values_list("instrument", flat=True)) == {"PHQ9", "GAD7"}
    assert not MeasureResponse.objects.exclude(
        referral__status__in=[ReferralStatus.IN_TREATMENT, ReferralStatus.CLOSED]
    ).exists()
    assert not MeasureResponse.objects.filter(completed_at__date__gt=AS_OF).exists()
    catalogue = load_catalogue()
    for response in MeasureResponse.objects.all()[:200]:
        result = score(catalogue[response.instrument], response.answers)
        assert result.total == response.total and result.band_key == (response.band_key or None)
    # Improvers and deteriorators both present: first-to-last PHQ-9 change goes both ways.
    changes = []
    for referral_id in MeasureResponse.objects.values_list("referral_id", flat=True).distinct():
        totals = list(MeasureResponse.objects.filter(referral_id=referral_id, instrument="PHQ9").order_by("completed_at").values_list("total", flat=True))
        if len(totals) > 1:
            changes.append(totals[-1] - totals[0])
    assert min(changes) <= -6 and max(changes) >= 4
    # Every risk answer has its alert.
    assert RiskAlert.objects.filter(source="measure").count() == MeasureResponse.objects.filter(has_risk=True).count()


def test_same_seed_same_histories():
    generate_service(clients=120, seed=9, as_of=AS_OF)
    referrals = list(Referral.objects.order_by("pk"))
    MeasureResponse.objects.all().delete()
    RiskAlert.objects.all().delete()
    add_measure_history(referrals, random.Random(9), AS_OF)
    first = list(MeasureResponse.objects.order_by("pk").values_list("referral_id", "instrument", "total", "completed_at"))
    MeasureResponse.objects.all().delete()
    RiskAlert.objects.all().delete()
    add_measure_history(referrals, random.Random(9), AS_OF)
    assert list(MeasureResponse.objects.order_by("pk").values_list("referral_id", "instrument", "total", "completed_at")) == first
