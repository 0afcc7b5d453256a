"""Writing to the audit trail. Every other service function calls ``audit_record``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from stepcare.audit.middleware import client_ip, current_request
from stepcare.audit.models import GENESIS_HASH, AuditAction, AuditChainHead, AuditEvent


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    client_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction.

    ``actor`` is a staff user (or None for the system). Never put clinical
    content in ``detail``: administrators read the trail and must see no
    clinical data; name fields, not values.
    """
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = obj.pk if object_id is None else object_id
    request = current_request.get()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        event = AuditEvent(
            at=timezone.now(),
            actor=actor if authenticated else None,
            actor_label=(actor.email if authenticated else "system"),
            actor_role=(getattr(actor, "role", "") if authenticated else ""),
            action=action,
            object_type=object_type or "",
            object_id="" if object_id is None else str(object_id),
            client_id=client_id,
            ip_address=client_ip(request),
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        event.hash = event.compute_hash()
        event.save()
        head.last_hash = event.hash
        head.save(update_fields=["last_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def audit_verify(*, batch_size: int = 5000) -> ChainReport:
    """Walk the chain from the start and report the first event that does not fit."""
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != prev:
                return ChainReport(checked, event.id, "previous-hash link does not match")
            if event.compute_hash() != event.hash:
                return ChainReport(checked, event.id, "contents do not match the stored hash")
            prev = event.hash
            checked += 1
        last_id = batch[-1].id
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != prev:
        return ChainReport(checked, last_id or None, "the newest events were removed")
    return ChainReport(checked, None)
