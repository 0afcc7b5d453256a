from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast
from uuid import UUID

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.forms import BaseForm
from django.utils.translation import gettext as _

from stepcare.foundation.models import Submission

M = TypeVar("M", bound=models.Model)


def submission_once(*, user: Any, token: UUID | None, create: Callable[[], M]) -> tuple[M, bool]:
    """Run ``create`` once per rendered form: the first submission of ``token`` creates and
    is recorded in the same transaction; a repeated one (double click, second tab, resend)
    creates nothing and gets back what the first created. Returns (object, created).
    ``create`` always runs in one transaction: what it saves is saved whole or not at all.

    Concurrent repeats: the token is unique in the database, so the slower of two
    requests fails on insert, its whole transaction (the create too) is rolled back, and it
    answers with the faster one's object. A request without a token is not deduplicated."""
    if token is None:
        with transaction.atomic():  # all of it or nothing, token or not
            return create(), True
    try:
        with transaction.atomic():
            previous = _submitted(user, token)
            if previous is not None:
                return cast(M, previous), False
            created = create()
            submission = Submission(
                token=token, user=user, object_model=created._meta.label_lower, object_pk=str(created.pk)
            )
            submission.full_clean(validate_unique=False)  # the unique index decides a race
            submission.save()
    except IntegrityError:
        previous = _submitted(user, token)
        if previous is None:  # someone else's token, or what it created is gone
            raise ValidationError(_("This form was already sent. Open the page again and enter it anew.")) from None
        return cast(M, previous), False
    return created, True


def submission_earlier(*, user: Any, form: BaseForm) -> models.Model | None:
    """What an earlier submission of this rendered form created, read before the form is
    validated: a repeat is answered with the first one's result even where the form itself
    would now refuse it (the client it created makes the ID number a duplicate)."""
    field = form.fields.get("submission_token")
    if field is None:
        return None
    token = field.to_python(form["submission_token"].data)
    return _submitted(user, token) if token else None


def _submitted(user: Any, token: UUID) -> models.Model | None:
    """What this user's earlier submission of the token created (only theirs: the object is
    then shown through the page's own scoped selector)."""
    submission = Submission.objects.filter(token=token, user=user).first()
    if submission is None:
        return None
    model = apps.get_model(submission.object_model)
    return model._default_manager.filter(pk=submission.object_pk).first()
