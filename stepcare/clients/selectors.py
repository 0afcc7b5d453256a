"""Every read of client data, always scoped to the requesting user and their service.

The referral is the unit of visibility (per referral, not per client): a PWP sees the
referrals allocated to them and their team's unallocated ones; a supervisor sees their
team's and those of the PWPs they supervise. A client is visible while any of their
referrals is, and anything attached to a referral (alerts, measures, letters, decisions,
appointments) is visible exactly when that referral is: their selectors filter through
``referrals_visible_to``. Managers and administrators see no client records. Nothing
crosses a service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from stepcare.accounts.models import Role, Team, User
from stepcare.clients.identifiers import (
    ISRAELI_ID,
    NHS_NUMBER,
    client_reference_pk,
    normalise_identifier,
)
from stepcare.clients.models import CLIENT_DETAIL_FIELDS, OPEN_STATUSES, Client, Referral


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    """The one scoping rule for clinical records."""
    if not user.is_authenticated or not user.is_clinician or user.team_id is None or user.service_id is None:
        return Referral.objects.none()
    # The service check is a per-row EXISTS on the team's primary key, not a join: as a join,
    # SQLite drives the query from the service's teams and reads every referral of the service
    # (about 80 ms at 50,000 clients); this way the user's conditions below choose the index.
    in_service = Team.objects.filter(pk=OuterRef("team_id"), service_id=user.service_id)
    referrals = Referral.objects.filter(Exists(in_service))
    if user.role == Role.PWP:
        return referrals.filter(Q(allocated_pwp=user) | Q(team_id=user.team_id, allocated_pwp__isnull=True))
    # The supervisees as a list of ids, not a subquery: PostgreSQL cannot use an index for
    # "team OR IN (subquery)" and reads every referral of the service. Read once per user
    # object (a prefetch, which supervisees.set() clears), not once per query.
    prefetch_related_objects([user], "supervisees")
    supervised = [supervisee.pk for supervisee in user.supervisees.all()]
    return referrals.filter(Q(team_id=user.team_id) | Q(allocated_pwp__in=supervised))


def referrals_for_service_view(user: User) -> QuerySet[Referral]:
    """Referrals a page of service figures may count or list without clinical content:
    a manager's whole service; a clinician's visible referrals."""
    if user.is_authenticated and user.is_active and user.role == Role.MANAGER:
        if user.service_id is None:
            return Referral.objects.none()
        return Referral.objects.filter(team__service_id=user.service_id)
    return referrals_visible_to(user)


def clients_visible_to(user: User) -> QuerySet[Client]:
    visible = referrals_visible_to(user).filter(client=OuterRef("pk"))
    return Client.objects.filter(Exists(visible))


def client_get(user: User, pk: int) -> Client:
    """The client, or 404 when this user may not see them."""
    return get_object_or_404(clients_visible_to(user), pk=pk)


def referral_get(user: User, pk: int) -> Referral:
    return get_object_or_404(referrals_visible_to(user).select_related("client", "team", "allocated_pwp"), pk=pk)


def caseload_for(user: User) -> QuerySet[Referral]:
    """Open referrals allocated to this PWP, oldest first."""
    return (
        referrals_visible_to(user)
        .filter(allocated_pwp=user, status__in=OPEN_STATUSES)
        .select_related("client")
        .order_by("received_on", "id")
    )


def unallocated_for(user: User) -> QuerySet[Referral]:
    """Open referrals of the user's team that no PWP holds yet."""
    if user.team_id is None:
        return Referral.objects.none()
    return (
        referrals_visible_to(user)
        .filter(team_id=user.team_id, allocated_pwp__isnull=True, status__in=OPEN_STATUSES)
        .select_related("client")
        .order_by("received_on", "id")
    )


def client_search(user: User, query: str = "") -> QuerySet[Client]:
    """The user's visible clients matching a name (each word part of a name), an NHS number or
    Israeli ID (typed with or without spaces and dashes: an exact match on its indexed column)
    or a client reference ("C-000062": that client, if visible)."""
    # The same clients as clients_visible_to, read from the visible referrals' client ids
    # (an EXISTS per client would test all of the service's clients to list a caseload).
    clients = Client.objects.filter(pk__in=referrals_visible_to(user).values("client_id"))
    query = query.strip()
    if not query:
        return clients.order_by("family_name", "given_name", "id")
    compact = normalise_identifier(query)
    reference_pk = client_reference_pk(query)
    if compact.isascii() and compact.isdigit():  # the whole query is one identifier
        clients = clients.filter(Q(nhs_number=compact) | Q(israeli_id=normalise_identifier(compact, ISRAELI_ID)))
    elif reference_pk is not None:
        clients = clients.filter(pk=reference_pk)
    else:
        terms = Q()
        for word in query.split():
            identifier = normalise_identifier(word, ISRAELI_ID)
            terms &= Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(
                israeli_id=identifier
            ) | Q(nhs_number=identifier)
        clients = clients.filter(terms)
    return clients.order_by("family_name", "given_name", "id")


def client_holding_identifier(*, service_id: int, field: str, value: str) -> int | None:
    """The id of the service's client holding this (normalised) NHS number or Israeli ID.

    Not scoped to a user: it answers "is this number taken in the service?" for
    clients.services.check_identifiers_free, which says who it is only to a user who may see them.
    """
    if field not in (NHS_NUMBER, ISRAELI_ID) or not value:
        return None
    return Client.objects.filter(service_id=service_id, **{field: value}).order_by("pk").values_list("pk", flat=True).first()


# --- Duplicates ----------------------------------------------------------------------


def possible_duplicates(user: User, *, israeli_id: str = "", nhs_number: str = "", given_name: str = "", family_name: str = "", date_of_birth: Any = None) -> list[tuple[Client, bool, str]]:
    """Clients in the service that are likely the same person.

    Returns (client, visible_to_user, reason). Clients the user may not see are
    reported so no duplicate record is made, but their details are not shown.
    """
    israeli_id, nhs_number = normalise_identifier(israeli_id, ISRAELI_ID), normalise_identifier(nhs_number, NHS_NUMBER)
    match = Q(pk__in=[])
    if israeli_id:
        match |= Q(israeli_id=israeli_id)
    if nhs_number:
        match |= Q(nhs_number=nhs_number)
    if given_name and family_name and date_of_birth:
        match |= Q(given_name__iexact=given_name.strip(), family_name__iexact=family_name.strip(), date_of_birth=date_of_birth)
    if not user.is_clinician or user.service_id is None:
        return []
    candidates = list(Client.objects.filter(match, service_id=user.service_id).order_by("id")[:10])
    visible = set(clients_visible_to(user).filter(pk__in=[c.pk for c in candidates]).values_list("pk", flat=True))
    results = []
    for candidate in candidates:
        same_id = bool(israeli_id and candidate.israeli_id == israeli_id) or bool(nhs_number and candidate.nhs_number == nhs_number)
        results.append((candidate, candidate.pk in visible, "id" if same_id else "name_dob"))
    return results


def client_for_new_referral(user: User, pk: int, *, israeli_id: str = "", nhs_number: str = "") -> Client:
    """An existing client to add a referral to: one the user can see, or one whose
    identity number the user already holds (a re-referral from another team)."""
    israeli_id, nhs_number = normalise_identifier(israeli_id, ISRAELI_ID), normalise_identifier(nhs_number, NHS_NUMBER)
    identity = Q(pk__in=[])
    if israeli_id:
        identity |= Q(israeli_id=israeli_id)
    if nhs_number:
        identity |= Q(nhs_number=nhs_number)
    allowed = clients_visible_to(user)
    if user.service_id is not None:
        allowed |= Client.objects.filter(identity, service_id=user.service_id)
    return get_object_or_404(allowed.distinct(), pk=pk)


# --- Field history -------------------------------------------------------------------


@dataclass
class ClientVersion:
    """One saved version of a client's details: who saved it, when, and what it changed
    (``changes``: field name, old value, new value). ``created`` is the registration;
    ``earlier_unknown`` a version whose previous one was never recorded (bulk-loaded data)."""

    at: datetime
    by: User | None
    created: bool
    earlier_unknown: bool
    changes: list[tuple[str, Any, Any]] = field(default_factory=list)


def client_history(client: Client, *, limit: int = 50) -> tuple[list[ClientVersion], bool]:
    """The latest ``limit`` versions of a client's details, newest first, and whether older
    ones exist. ``client`` comes from ``client_get`` (scoped to the user); one query."""
    records = list(
        client.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    more = len(records) > limit
    versions = []
    for index, record in enumerate(records[:limit]):
        older = records[index + 1] if index + 1 < len(records) else None
        version = ClientVersion(
            at=record.history_date, by=record.history_user, created=record.history_type == "+",
            earlier_unknown=older is None and record.history_type != "+",
        )
        if older is not None:
            version.changes = [
                (name, getattr(older, name), getattr(record, name))
                for name in CLIENT_DETAIL_FIELDS
                if getattr(older, name) != getattr(record, name)
            ]
        versions.append(version)
    return versions, more
