"""The request type of views that only signed-in staff reach.

``staff_view`` (stepcare.foundation.access) sends anyone not signed in to the login
page before the view runs, so such a view may annotate its request as
``AuthenticatedHttpRequest`` and use ``request.user`` as a ``User``.
"""

from __future__ import annotations

from django.http import HttpRequest

from stepcare.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
