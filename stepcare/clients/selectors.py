"""Every read of client data, always scoped to the requesting user.

Role rules (DESIGN.md): a PWP sees clients on their own caseload and the
unallocated referrals of their team; a supervisor sees their team and the PWPs
they supervise; managers and administrators see no client records.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from stepcare.accounts.models import Role, User
from stepcare.clients.models import OPEN_STATUSES, Client, Referral


def referrals_visible_to(user: User) -> QuerySet[Referral]:
    referrals = Referral.objects.all()
    if not user.is_authenticated or not user.is_active:
        return referrals.none()
    if user.role == Role.PWP:
        return referrals.filter(Q(allocated_pwp=user) | Q(team_id=user.team_id, allocated_pwp__isnull=True))
    if user.role == Role.SUPERVISOR:
        supervised = user.supervisees.values("pk")
        return referrals.filter(Q(team_id=user.team_id) | Q(allocated_pwp__in=supervised))
    return referrals.none()


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
    return (
        referrals_visible_to(user)
        .filter(team_id=user.team_id, allocated_pwp__isnull=True, status__in=OPEN_STATUSES)
        .select_related("client")
        .order_by("received_on", "id")
    )


def client_search(user: User, query: str = "") -> QuerySet[Client]:
    clients = clients_visible_to(user)
    query = query.strip()
    if query:
        terms = Q()
        for word in query.split():
            terms &= Q(given_name__icontains=word) | Q(family_name__icontains=word) | Q(
                israeli_id=word
            ) | Q(nhs_number=word)
        clients = clients.filter(terms)
    return clients.order_by("family_name", "given_name", "id")
