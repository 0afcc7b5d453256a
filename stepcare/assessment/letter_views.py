from __future__ import annotations

import logging

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.accounts.models import User
from stepcare.assessment import letters
from stepcare.assessment.models import Assessment, Letter
from stepcare.audit.services import record_viewed
from stepcare.clients.models import Referral
from stepcare.clients.selectors import referral_get
from stepcare.foundation.access import staff_view
from stepcare.foundation.forms import add_service_errors
from stepcare.foundation.roles import CLINICIANS

logger = logging.getLogger(__name__)


def _language_choices() -> list[tuple[str, str]]:
    usual = ("", gettext_lazy("Usual language for this recipient"))
    return [usual] + [(code, get_language_info(code)["name_local"]) for code in letters.LETTER_LANGUAGES]


class LetterForm(forms.Form):
    recipient = forms.ChoiceField(label=gettext_lazy("Letter to"), choices=Letter.Recipient.choices)
    language = forms.ChoiceField(label=gettext_lazy("Language"), choices=_language_choices, required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why is this letter withdrawn?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example: wrong client details, or the care path was changed. The letter is kept, marked withdrawn."),
        error_messages={"required": gettext_lazy("Say why the letter is withdrawn.")},
    )


def _referral_page(referral: Referral) -> str:
    try:
        return reverse("staff:referral", args=[referral.pk])
    except NoReverseMatch:  # the referral page is still being built; the client page holds it
        return reverse("staff:client", args=[referral.client_id])


@staff_view(*CLINICIANS)
@require_http_methods(["GET", "POST"])
def letters_new(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    """GET: the referral's letters and the form; POST: write a letter and go back to the referral."""
    user = request.user
    referral = referral_get(user, referral_pk)
    if request.method == "POST":
        _letter_create_from_post(request, user, referral)
        return redirect(_referral_page(referral))
    record_viewed(actor=user, client_ids=[referral.client_id])
    context = {
        "referral": referral,
        "letters": letters.letters_for_referral(user, referral),
        "referral_url": _referral_page(referral),
    }
    return render(request, "assessment/letters/letters_page.html", context)


def _latest_assessment(referral: Referral) -> Assessment | None:
    return referral.assessments.order_by("-assessed_on", "-id").first()


@staff_view(*CLINICIANS)
def letter_preview(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    """The letter as it would be written, shown in the page; nothing is stored until the
    clinician asks for the PDF."""
    user = request.user
    referral = referral_get(user, referral_pk)  # 404 for outsiders before anything else
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    back = _referral_page(referral)
    form = LetterForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose who the letter is for and a language."))
        return redirect(back)
    assessment = _latest_assessment(referral)
    if assessment is None:
        messages.error(request, _("The letter was not written: this referral has no assessment yet."))
        return redirect(back)
    recipient = form.cleaned_data["recipient"]
    language = form.cleaned_data["language"] or letters.default_language(recipient=recipient, client=referral.client)
    try:
        html = letters.letter_preview(actor=user, assessment=assessment, recipient=recipient, language=language)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    record_viewed(actor=user, client_ids=[referral.client_id])
    context = {
        "referral": referral,
        "letter_html": html,
        "recipient": recipient,
        "language": language,
        "language_name": get_language_info(language)["name_local"],
        "referral_url": back,
    }
    return render(request, "assessment/letters/preview.html", context)


@staff_view(*CLINICIANS)
def letter_withdraw(request: AuthenticatedHttpRequest, letter_pk: int) -> HttpResponse:
    """Withdraw a wrong letter with a reason (kept on the record, marked withdrawn)."""
    user = request.user
    letter = letters.letter_get(user, letter_pk)
    referral = letter.referral
    if letter.withdrawn_at is not None:
        messages.info(request, _("This letter was already withdrawn."))
        return redirect(_referral_page(referral))
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letters.letter_withdraw(actor=user, letter=letter, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The letter was withdrawn. It stays on the record, marked withdrawn."))
            return redirect(_referral_page(referral))
    record_viewed(actor=user, client_ids=[referral.client_id])
    context = {"letter": letter, "referral": referral, "form": form, "referral_url": _referral_page(referral)}
    return render(request, "assessment/letters/withdraw.html", context)


def _letter_create_from_post(request: HttpRequest, user: User, referral: Referral) -> None:
    form = LetterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The letter was not written: choose who it is for and a language."))
        return
    assessment = _latest_assessment(referral)
    if assessment is None:
        messages.error(request, _("The letter was not written: this referral has no assessment yet."))
        return
    recipient = form.cleaned_data["recipient"]
    language = form.cleaned_data["language"] or letters.default_language(recipient=recipient, client=referral.client)
    try:
        letter = letters.letter_create(actor=user, assessment=assessment, recipient=recipient, language=language)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return
    if letter.recipient == Letter.Recipient.GP:
        messages.success(request, _("The letter to the referrer / GP was written and stored on the record."))
    else:
        messages.success(request, _("The letter to the client was written and stored on the record."))


@staff_view(*CLINICIANS)
def letter_pdf(request: AuthenticatedHttpRequest, letter_pk: int) -> HttpResponseBase:
    user = request.user
    letter = letters.letter_get(user, letter_pk)  # 404 for outsiders before anything else
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    try:
        handle = letter.pdf.open("rb")
    except FileNotFoundError:
        logger.error("Letter %s: its PDF file %s is missing from storage", letter.pk, letter.pdf.name)
        raise Http404(_("This letter's file is missing; please write it again.")) from None
    letters.letter_viewed(actor=user, letter=letter)
    filename = f"letter-{letter.referral.client.reference}-{letter.recipient}-{letter.language}.pdf"
    return FileResponse(handle, content_type="application/pdf", as_attachment=False, filename=filename)

