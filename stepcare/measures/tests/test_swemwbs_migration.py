"""The SWEMWBS rescoring migration turns version-1 raw totals into metric scores."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from stepcare.measures.models import MeasureResponse
from stepcare.measures.tests.helpers import record

migration = importlib.import_module("stepcare.measures.migrations.0002_swemwbs_metric_scores")


@pytest.mark.django_db
def test_version_1_raw_totals_become_metric_scores_and_back(world):
    response = record(world.client_a1.referrals.get(), "SWEMWBS", {f"q{i}": 3 for i in range(1, 8)}, language="")
    MeasureResponse.objects.filter(pk=response.pk).update(total=21, instrument_version="1")

    migration.to_metric(apps, None)
    response.refresh_from_db()
    assert (response.total, response.instrument_version, response.results["raw_total"]) == (19.25, "2", 21)

    migration.to_raw(apps, None)
    response.refresh_from_db()
    assert (response.total, response.instrument_version) == (21, "1")
