"""Background work through Django's tasks API (database queue; `stepcare worker` runs it)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, subject: str, body: str, to: list[str], from_email: str | None = None, html_body: str | None = None) -> int:
    """Send one e-mail. Queued so a slow or unreachable mail server never holds up a page;
    a failure stays in the queue's results for the operator to see."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    return message.send()
