"""Migration clients 0005: identifiers normalised, then one client per identifier in a service.
Shared identifiers stop the migration with the client references and change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from stepcare.accounts.models import Service

BEFORE = [("clients", "0004_referral_team_status_priority_index")]
AFTER = [("clients", "0005_client_identifiers_unique_in_service")]


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_shared_identifiers_stop_the_migration_and_nothing_changes_until_corrected():
    executor = _executor()
    executor.migrate(BEFORE)
    try:
        # Services as they are now (accounts is not migrated back); clients as before 0005.
        service = Service.objects.create(name="Before")
        other = Service.objects.create(name="Elsewhere")
        Client = executor.loader.project_state(BEFORE).apps.get_model("clients", "Client")

        def make(name, service, **ids):
            return Client.objects.create(
                service_id=service.pk, given_name=name, family_name="X", date_of_birth=date(1980, 1, 1), **ids
            ).pk

        spaced = make("Spaced", service, nhs_number="943 476 5919"[:10])  # as the old form cut it
        twin_a = make("TwinA", service, nhs_number="9434765919")
        twin_b = make("TwinB", service, nhs_number="9434765919")
        unpadded = make("Unpadded", service, israeli_id="12345674")
        padded_twin = make("PaddedTwin", service, israeli_id="012345674")
        elsewhere = make("Elsewhere", other, nhs_number="9434765919")

        with pytest.raises(Exception, match=f"C-{unpadded:06d}, C-{padded_twin:06d}") as refused:
            _executor().migrate(AFTER)
        message = str(refused.value)
        assert f"C-{twin_a:06d}, C-{twin_b:06d}" in message and "Nothing was changed" in message
        assert "TwinA" not in message and "9434765919" not in message  # references only
        assert f"C-{elsewhere:06d}" not in message  # another service may hold the same number
        stored = dict(Client.objects.values_list("pk", "israeli_id"))
        assert stored[unpadded] == "12345674"  # not normalised: the migration changed nothing
        assert Client.objects.get(pk=spaced).nhs_number == "943 476 59"

        # Corrected on the records (which one is right is a person's decision), it goes through.
        Client.objects.filter(pk=twin_b).update(nhs_number="")
        Client.objects.filter(pk=padded_twin).update(israeli_id="")
        _executor().migrate(AFTER)
        new = _executor().loader.project_state(AFTER).apps.get_model("clients", "Client")
        assert new.objects.get(pk=unpadded).israeli_id == "012345674"
        assert new.objects.get(pk=twin_a).nhs_number == "9434765919"
        assert new.objects.get(pk=spaced).nhs_number == "94347659"  # only the spaces went
    finally:
        executor = _executor()
        executor.migrate(executor.loader.graph.leaf_nodes())
