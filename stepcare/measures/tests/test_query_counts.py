"""A page runs the same number of queries however much data there is."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stepcare.measures.models import MeasureResponse
from stepcare.measures.services import measure_response_record
from stepcare.measures.tests.helpers import GAD7_MILD, PHQ9_MODERATE

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _add(world, n):
    referral = world.client_a1.referrals.get()
    for i in range(n):
        for code, answers in (("PHQ9", dict(PHQ9_MODERATE, q1=i % 4)), ("GAD7", GAD7_MILD)):
            measure_response_record(
                actor=world.pwp_a1, referral=referral, instrument_code=code, answers=answers,
                completed_at=timezone.now() - timedelta(hours=i), language="en",
            )


def test_measures_pages_query_counts_do_not_grow_with_the_history(client, world):
    client.force_login(world.pwp_a1)
    response_url = lambda: f"/measures/responses/{MeasureResponse.objects.last().pk}/"  # noqa: E731
    pk = world.client_a1.pk
    urls = ["/measures/", f"/measures/clients/{pk}/", f"/measures/clients/{pk}/PHQ9/",
            f"/measures/clients/{pk}/PHQ9/items/", "/measures/instruments/PHQ9/"]

    def measure():
        counts = {url: _count(client, url) for url in urls + [response_url()]}
        return {url.replace(response_url(), "response"): n for url, n in counts.items()}

    _add(world, 3)
    for url in urls:
        _count(client, url)  # warm the session
    small = measure()
    _add(world, 40)  # more than a page of history
    large = measure()
    assert small == large
