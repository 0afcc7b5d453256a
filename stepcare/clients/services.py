"""Writes to clients and referrals; each records its audit event in the same transaction."""

from __future__ import annotations

from django.db import transaction

from stepcare.accounts.models import User
from stepcare.audit.services import audit_record
from stepcare.clients.models import Client


@transaction.atomic
def client_record_viewed(*, actor: User, client: Client) -> None:
    """Every view of a client record is in the audit trail (DESIGN.md, Safety)."""
    audit_record(actor=actor, action="view", obj=client, client_id=client.pk)
