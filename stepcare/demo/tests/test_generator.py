from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command

from stepcare.assessment.models import StepDecision
from stepcare.clients.identifiers import israeli_id_is_valid
from stepcare.clients.models import Client, Referral
from stepcare.demo.synthetic import generate_service
from stepcare.measures.models import MeasureResponse

AS_OF = date(2026, 11, 1)


def _snapshot():
    clients = list(Client.objects.order_by("id").values_list("given_name", "family_name", "date_of_birth", "israeli_id"))
    referrals = list(Referral.objects.order_by("id").values_list("received_on", "status", "allocated_pwp__email", "team__name"))
    measures = list(MeasureResponse.objects.order_by("id").values_list("instrument", "total", "completed_at"))
    decisions = list(StepDecision.objects.order_by("id").values_list("proposed_step", "status"))
    return clients, referrals, measures, decisions


@pytest.mark.django_db(transaction=True)
def test_same_seed_same_data():
    generate_service(clients=150, seed=7, as_of=AS_OF)
    first = _snapshot()
    call_command("flush", interactive=False, verbosity=0)
    generate_service(clients=150, seed=7, as_of=AS_OF)
    assert _snapshot() == first
    call_command("flush", interactive=False, verbosity=0)
    generate_service(clients=150, seed=8, as_of=AS_OF)
    assert _snapshot() != first


@pytest.mark.django_db
def test_generated_data_is_plausible():
    result = generate_service(clients=300, seed=1, as_of=AS_OF)
    assert Client.objects.count() == 300
    assert Referral.objects.count() >= 300
    assert all(israeli_id_is_valid(i) for i in Client.objects.values_list("israeli_id", flat=True))
    assert not Referral.objects.filter(received_on__gt=AS_OF).exists()
    assert not Referral.objects.filter(closed_on__gt=AS_OF).exists()
    assert Referral.objects.filter(allocated_pwp__isnull=True).exists()
    assert len(result.supervisors) == len(result.teams)


@pytest.mark.django_db
def test_generate_command_prints_a_summary(capsys):
    call_command("generate", clients=50, seed=3, verbosity=0)
    assert Client.objects.count() == 50


@pytest.mark.django_db
def test_every_generated_risk_answer_has_its_alert():
    from stepcare.assessment.models import RiskAssessment
    from stepcare.risk.models import RiskAlert

    generate_service(clients=600, seed=11, as_of=AS_OF)
    needing = [r for r in RiskAssessment.objects.select_related("assessment") if r.needs_alert()]
    assert needing, "the generator should make some high-risk assessments"
    alerted = set(RiskAlert.objects.filter(source="assessment").values_list("referral_id", flat=True))
    assert {r.assessment.referral_id for r in needing} <= alerted
    assert RiskAlert.objects.filter(source="measure").count() == MeasureResponse.objects.filter(has_risk=True).count()
