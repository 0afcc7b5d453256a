"""Writing to the audit trail. Every other service function calls ``audit_record``."""

from __future__ import annotations

import hmac
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from stepcare.audit.middleware import client_ip, current_request, pending_views
from stepcare.audit.models import GENESIS_HASH, AuditAction, AuditChainHead, AuditEvent

logger = logging.getLogger("stepcare.audit")


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
    event = _event(actor, action, object_type or "", "" if object_id is None else str(object_id), client_id, detail)
    return _append([event])[0]


def record_viewed(*, actor: Any, client_ids: Iterable[int | None], page: str = "") -> None:
    """The one way a page says it showed client data: one ``view`` event per client shown.

    Every page that shows a client's name or record calls this (the persona walk in
    stepcare/staff/tests/test_access.py fails for a page that shows a client and does not).
    ``page`` names the page (by default the current request's URL name), never clinical content.
    """
    if not page:
        request = current_request.get()
        match = getattr(request, "resolver_match", None)
        page = match.view_name if match else ""
    ids = list(dict.fromkeys(pk for pk in client_ids if pk is not None))
    if not ids:
        return
    events = [_event(actor, AuditAction.VIEW, "clients.client", str(pk), pk, {"page": page}) for pk in ids]
    pending = pending_views.get()
    if pending is None:  # outside a request (a command, a task): write now
        _append(events)  # atomic itself
    else:  # in a request: the middleware writes the page's events together before responding
        pending.extend(events)


def flush_views() -> None:
    """Write the view events the current request recorded, in one append (one transaction).

    Called by RequestContextMiddleware once the response is ready and before it is sent.
    """
    pending = pending_views.get()
    if pending:
        events = list(pending)
        pending.clear()
        _append(events)


def _event(
    actor: Any, action: str, object_type: str, object_id: str, client_id: int | None, detail: dict[str, Any] | None
) -> AuditEvent:
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent(
        at=timezone.now(),
        actor=actor if authenticated else None,
        actor_label=(actor.email if authenticated else "system"),
        actor_role=(getattr(actor, "role", "") if authenticated else ""),
        action=action,
        object_type=object_type,
        object_id=object_id,
        client_id=client_id,
        ip_address=client_ip(current_request.get()),
        detail=detail or {},
    )


def _append(events: list[AuditEvent]) -> list[AuditEvent]:
    """Chain the events after the current head, under the head's row lock, so the chain never forks."""
    with transaction.atomic():
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS_HASH}
        )
        prev = head.last_hash
        for event in events:
            event.prev_hash = prev
            event.hash = prev = event.compute_hash()
        if len(events) == 1:
            events[0].save()
        else:
            AuditEvent.objects.bulk_create(events)
        head.last_hash = prev
        head.save(update_fields=["last_hash"])
    return events


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str = ""
    head: str = GENESIS_HASH  # the newest event's hash that was verified

    @property
    def ok(self) -> bool:
        return self.broken_at is None and not self.reason


def audit_verify(*, batch_size: int = 5000, expect_head: str | None = None) -> ChainReport:
    """Walk the chain from the start and report the first event that does not fit.

    Each link is an HMAC keyed with ``settings.AUDIT_KEY`` (not in the database). The stored
    head must exist (once there are events) and match the newest event; ``expect_head`` is a
    head kept outside the database earlier (``stepcare audit verify`` prints it): it must be
    in the chain, which proves that nothing up to that point was removed or rewritten.
    """
    prev = GENESIS_HASH
    checked = 0
    last_id = 0
    seen_expected = expect_head is None or expect_head == GENESIS_HASH
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.prev_hash != prev:
                return ChainReport(checked, event.id, "previous-hash link does not match", prev)
            if not hmac.compare_digest(event.compute_hash(), event.hash):
                return ChainReport(checked, event.id, "contents do not match the stored hash (or another key)", prev)
            prev = event.hash
            checked += 1
            seen_expected = seen_expected or event.hash == expect_head
        last_id = batch[-1].id
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is None and checked:
        return ChainReport(checked, last_id, "the chain's head row is missing", prev)
    if head is not None and head.last_hash != prev:
        return ChainReport(checked, last_id or None, "the newest events were removed", prev)
    if not seen_expected:
        return ChainReport(checked, None, "the expected head is not in the chain: events up to it were removed or rewritten", prev)
    return ChainReport(checked, None, head=prev)


def audit_head_record(*, path: Path | None = None) -> ChainReport:
    """Verify the chain and write its head where the database cannot reach: a line in the
    log and in ``path`` (``settings.AUDIT_HEAD_FILE``). Later, ``stepcare audit verify
    --expect-head`` with any of these heads proves nothing up to it was cut off. Run daily by
    the worker's schedule (stepcare/backups/schedule.py)."""
    report = audit_verify()
    stamp = timezone.now().isoformat(timespec="seconds")
    line = (
        f"{stamp} head {report.head} events {report.checked}"
        if report.ok
        else f"{stamp} BROKEN at event {report.broken_at}: {report.reason}"
    )
    (logger.info if report.ok else logger.error)("audit chain: %s", line)
    target = path or Path(settings.AUDIT_HEAD_FILE)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as file:
        file.write(line + "\n")
    return report
