"""Re-seal the audit chain with a keyed MAC (HMAC-SHA256 with settings.AUDIT_KEY).

The existing chain (plain SHA-256) is verified first; if any link is broken the migration
stops and changes nothing, so an edit made before the upgrade cannot be laundered by it.
The payload below is a frozen copy of AuditEvent.payload() (migrations import no app code).
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations

GENESIS_HASH = "0" * 64
BATCH = 2000


def _payload(event) -> str:
    return json.dumps(
        {
            "at": event.at.isoformat(),
            "actor": event.actor_id,
            "actor_label": event.actor_label,
            "actor_role": event.actor_role,
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "client_id": event.client_id,
            "ip_address": event.ip_address,
            "detail": event.detail,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )


def _batches(AuditEvent):
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:BATCH])
        if not batch:
            return
        yield batch
        last_id = batch[-1].id


def reseal(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    prev = GENESIS_HASH
    for batch in _batches(AuditEvent):
        for event in batch:
            plain = hashlib.sha256((prev + _payload(event)).encode("utf-8")).hexdigest()
            if event.prev_hash != prev or event.hash != plain:
                raise RuntimeError(
                    f"The audit chain is broken at event {event.id}; it is not re-sealed with the key. "
                    "Investigate with the previous version's `stepcare audit verify` before upgrading."
                )
            prev = event.hash
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != prev:
        raise RuntimeError("The audit chain's head does not match its newest event; it is not re-sealed.")

    key = settings.AUDIT_KEY.encode("utf-8")
    prev = GENESIS_HASH
    for batch in _batches(AuditEvent):
        for event in batch:
            event.prev_hash = prev
            event.hash = prev = hmac.new(key, (prev + _payload(event)).encode("utf-8"), hashlib.sha256).hexdigest()
        AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
    if head is not None:
        head.last_hash = prev
        head.save(update_fields=["last_hash"])


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    # Irreversible: the plain chain is not kept (it would let a keyless edit verify again).
    operations = [migrations.RunPython(reseal, migrations.RunPython.noop, elidable=False)]
