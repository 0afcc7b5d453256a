"""The append-only, hash-chained audit trail.

Each AuditEvent stores the hash of the one before it, so editing or deleting a
row breaks the chain and ``stepcare audit verify`` names the first broken link.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    VIEW = "view", _("viewed")
    DELETE = "delete", _("deleted")
    LOGIN = "login", _("logged in")
    LOGOUT = "logout", _("logged out")
    LOGIN_FAILED = "login_failed", _("failed login")
    MFA_FAILED = "mfa_failed", _("wrong second-factor code")
    LOCKED_OUT = "locked_out", _("locked out")
    UNLOCKED = "unlocked", _("unlocked")
    EXPORT = "export", _("exported")


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    actor_role = models.CharField(_("role"), max_length=20, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record"), max_length=40, blank=True)
    # Kept as a plain number, not a foreign key: the trail must outlive any record.
    client_id = models.BigIntegerField(_("client"), null=True, blank=True)
    ip_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["client_id", "-id"], name="audit_client_idx"),
            models.Index(fields=["actor", "-id"], name="audit_actor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type} {self.object_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit events cannot be deleted.")

    def payload(self) -> str:
        """The canonical text that the event's hash covers."""
        return json.dumps(
            {
                "at": self.at.isoformat(),
                "actor": self.actor_id,
                "actor_label": self.actor_label,
                "actor_role": self.actor_role,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "client_id": self.client_id,
                "ip_address": self.ip_address,
                "detail": self.detail,
            },
            sort_keys=True,
            separators=(",", ":"),
            ensure_ascii=False,
            default=str,
        )

    def compute_hash(self) -> str:
        return chain_mac(self.prev_hash, self.payload())


def chain_mac(prev_hash: str, payload: str, key: str | None = None) -> str:
    """HMAC-SHA256 of the previous hash and the event, keyed with ``settings.AUDIT_KEY``.

    The key is not in the database: someone who can edit the tables but does not hold the key
    cannot recompute the chain after changing, adding or removing an event."""
    secret = (settings.AUDIT_KEY if key is None else key).encode("utf-8")
    return hmac.new(secret, (prev_hash + payload).encode("utf-8"), hashlib.sha256).hexdigest()


class AuditChainHead(models.Model):
    """A single row locked while an event is appended, so the chain never forks."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return self.last_hash
