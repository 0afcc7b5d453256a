"""Query counts are behaviour: each main page runs a pinned number of queries, and the same
number on a service four times the size (the 50,000-client comparison is in
benchmarks/pages.py). A change that adds a query per row fails here; one that adds a query
per page must update the pin on purpose."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stepcare.clients.models import Referral
from stepcare.demo.synthetic import add_clients, generate_service

AS_OF = date(2026, 11, 1)

# (persona, page) -> queries, with a warm session. A supervisor's pages read their supervisees'
# ids once (clients.selectors.referrals_visible_to); the manager's totals come from the teams;
# the waiting list reads a page of ids, then those referrals with their appointment subqueries;
# a page's view events are one transaction (no savepoint inside it).
PINNED = {
    ("pwp", "/"): 12,
    ("pwp", "/clients/"): 10,
    ("pwp", "/clients/?q=כהן"): 10,
    ("pwp", "/waiting-list/"): 12,
    ("pwp", "referral"): 15,
    ("pwp", "history"): 13,
    ("supervisor", "/"): 15,
    ("supervisor", "/reviews/"): 13,  # + the page's open alerts and latest scores (one query each)
    ("supervisor", "/risk/"): 11,
    ("supervisor", "/audit/"): 7,
    ("manager", "/"): 3,
    ("manager", "/waiting-list/"): 11,
    ("admin", "/staff/"): 4,
    ("admin", "/audit/"): 5,
}


def _counts(client, result):
    pwp = result.pwps[0]
    referral = Referral.objects.filter(allocated_pwp=pwp, measure_responses__isnull=False).order_by("id").first()
    people = {"pwp": pwp, "supervisor": result.supervisors[0], "manager": result.managers[0], "admin": result.admins[0]}
    urls = {"referral": f"/referrals/{referral.pk}/", "history": f"/measures/clients/{referral.client_id}/PHQ9/"}
    counts = {}
    for persona, page in PINNED:
        client.force_login(people[persona])
        url = urls.get(page, page)
        client.get(url)  # warm the session
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[(persona, page)] = len(queries.captured_queries)
    return counts


@pytest.mark.django_db
def test_main_pages_run_their_pinned_queries_at_two_sizes(client):
    result = generate_service(clients=120, seed=5, as_of=AS_OF)
    small = _counts(client, result)
    add_clients(result, clients=360, seed=6, as_of=AS_OF)
    large = _counts(client, result)
    assert small == large, "a page's query count grew with the data"
    assert small == PINNED
