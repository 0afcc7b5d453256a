"""Service, teams and staff accounts.

A Service has Teams; each staff member has exactly one role. A supervisor
supervises named PWPs (``User.supervisees``).
"""

from __future__ import annotations

import re

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stepcare.foundation.roles import CLINICIANS, Role

__all__ = ["Role", "Service", "Team", "User"]

# The languages stepcare speaks and writes letters in.
LANGUAGE_CHOICES = [("en", _("English")), ("he", _("Hebrew")), ("ar", _("Arabic"))]

# A telephone number a client dials: digits and spaces, with an optional leading +.
CRISIS_NUMBER = re.compile(r"^\+?[0-9][0-9 ]*$")


class Service(models.Model):
    class Country(models.TextChoices):
        ISRAEL = "IL", _("Israel")
        ENGLAND = "GB", _("England")

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices, default=Country.ISRAEL)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # The language new clients, letters and questionnaires start in (en, he or ar).
    default_language = models.CharField(
        _("default language"),
        max_length=10,
        default="he",
        choices=LANGUAGE_CHOICES,
    )
    letter_signature = models.TextField(_("letter signature"), blank=True)
    # Crisis contacts shown to clients, as [{"label": ..., "number": ...}]; empty means the
    # country's defaults (stepcare/accounts/services.py).
    crisis_contacts = models.JSONField(_("crisis contacts"), default=list, blank=True)

    class Meta:
        verbose_name = _("service")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        contacts = self.crisis_contacts
        if not isinstance(contacts, list) or not all(
            isinstance(c, dict)
            and isinstance(c.get("label"), str)
            and c["label"].strip()
            and isinstance(c.get("number"), str)
            and CRISIS_NUMBER.match(c["number"].strip())
            for c in contacts
        ):
            raise ValidationError(
                {"crisis_contacts": _("Each crisis contact needs a name and a number of digits, spaces and +.")}
            )


class Team(models.Model):
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("team")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["service", "name"], name="team_unique_name_in_service")]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("role", Role.ADMIN)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # Every query for data is scoped by the user's service (a team's service for clinicians).
    service = models.ForeignKey(
        Service, verbose_name=_("service"), on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    supervisees = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="supervisors", verbose_name=_("supervises")
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("staff member")
        ordering = ["full_name"]
        indexes = [models.Index(fields=["team", "role"], name="user_team_role_idx")]

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:
        # No Django admin site: nobody gets unscoped access to data.
        return False

    @property
    def is_pwp(self) -> bool:
        return self.role == Role.PWP

    @property
    def is_supervisor(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_clinician(self) -> bool:
        """PWPs and supervisors work with clinical data; managers and admins do not (the one
        predicate; views say the same with ``staff_view(*CLINICIANS)``)."""
        return self.is_active and self.role in CLINICIANS
