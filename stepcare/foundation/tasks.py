"""Background work through Django's tasks API (database queue; `stepcare worker` runs it)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task

from stepcare.foundation.models import OutgoingEmail


def email_queue(*, subject: str, body: str, to: list[str], from_email: str | None = None, html_body: str | None = None) -> None:
    """Queue one e-mail for the worker, so a slow or unreachable mail server never holds up a
    page. The message waits in OutgoingEmail and the queue holds only its id: the task
    queue's table, which keeps finished tasks, never holds a reset link or a message body."""
    with transaction.atomic():
        message = OutgoingEmail.objects.create(
            subject=subject, body=body, to=list(to), from_email=from_email or "", html_body=html_body or ""
        )
        # The task row is written in the same transaction: both or neither.
        send_email.enqueue(email_id=message.pk)


@task()
def send_email(*, email_id: int) -> int:
    """Send a queued message, then delete it. A failure leaves the row and the task's error
    for the operator (a retry sends it)."""
    message = OutgoingEmail.objects.filter(pk=email_id).first()
    if message is None:  # already sent by an earlier run of this task
        return 0
    mail = EmailMultiAlternatives(
        subject=message.subject, body=message.body, from_email=message.from_email or None, to=message.to
    )
    if message.html_body:
        mail.attach_alternative(message.html_body, "text/html")
    sent = mail.send()
    message.delete()
    return sent
