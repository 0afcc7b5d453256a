from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from stepcare.accounts.http import AuthenticatedHttpRequest
from stepcare.audit.services import record_viewed
from stepcare.clients.models import Gender
from stepcare.clients.selectors import client_get, referral_get
from stepcare.foundation.access import staff_view
from stepcare.foundation.roles import CLINICIANS
from stepcare.foundation.services import submission_once
from stepcare.measures import catalogue, fhir, selectors, services
from stepcare.measures.chart import history_chart
from stepcare.measures.engine import AnswerError, Instrument, change_between, running_total, score
from stepcare.measures.engine.definitions import Item
from stepcare.measures.forms import ResponseForm, item_field_name

# --- catalogue (no client data: every staff member) ----------------------------------------


@staff_view()
@require_GET
def catalogue_list(request: HttpRequest) -> HttpResponse:
    loaded = catalogue.loaded_languages()
    rows = [{"instrument": i, "languages": catalogue.available_languages(i, loaded)} for i in catalogue.instruments()]
    return render(request, "measures/catalogue.html", {"rows": rows})


@staff_view()
@require_GET
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument = catalogue.instrument_get(code)
    languages = catalogue.available_languages(instrument)
    language = request.GET.get("language") or ("en" if "en" in languages else "")
    if language not in languages:
        language = ""
    wording = catalogue.wording_for(instrument, language)
    items = [_item_row(instrument, item, wording) for item in instrument.items]
    return render(
        request,
        "measures/instrument_detail.html",
        {"instrument": instrument, "instrument_languages": languages, "wording": wording, "items": items},
    )


@staff_view()
@require_GET
def instrument_fhir(request: HttpRequest, code: str) -> HttpResponse:
    instrument = catalogue.instrument_get(code)
    return _json_download(fhir.questionnaire(instrument), f"{instrument.code}-questionnaire.json")


# --- a client's measures -----------------------------------------------------------------


@staff_view(*CLINICIANS)
def client_measures(request: AuthenticatedHttpRequest, client_pk: int) -> HttpResponse:
    user = request.user
    client = client_get(user, client_pk)
    record_viewed(actor=user, client_ids=[client.pk])
    referrals = list(selectors.client_referrals(user, client))
    return render(request, "measures/client_measures.html", {"client": client, "referrals": referrals})


@staff_view(*CLINICIANS)
def history(request: AuthenticatedHttpRequest, client_pk: int, code: str) -> HttpResponse:
    user = request.user
    client = client_get(user, client_pk)
    instrument = catalogue.instrument_get(code)
    referrals = list(selectors.client_referrals(user, client))
    series = {s.referral_id: s for s in selectors.series_for(referrals) if s.instrument == instrument.code}
    referral = _chosen_referral(request, referrals, series)
    record_viewed(actor=user, client_ids=[client.pk])
    points = series[referral.pk].points if referral and referral.pk in series else []
    page = None
    if referral is not None:
        responses = selectors.referral_responses(referral, instrument.code).order_by("-completed_at", "-id")
        page = Paginator(responses, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    change = change_between(instrument, points[0].total, points[-1].total) if len(points) > 1 else None
    return render(
        request,
        "measures/history.html",
        {
            "client": client,
            "instrument": instrument,
            "referral": referral,
            "referrals_with_scores": [r for r in referrals if r.pk in series],
            "points": points,
            "page": page,
            "change": change,
            "chart": history_chart(instrument, points, chart_id=f"chart-{instrument.code.lower()}") if points else "",
        },
    )


@staff_view(*CLINICIANS)
def item_changes(request: AuthenticatedHttpRequest, client_pk: int, code: str) -> HttpResponse:
    """First and latest response of one referral side by side: which items moved."""
    user = request.user
    client = client_get(user, client_pk)
    instrument = catalogue.instrument_get(code)
    referrals = list(selectors.client_referrals(user, client))
    series = {s.referral_id: s for s in selectors.series_for(referrals) if s.instrument == instrument.code}
    referral = _chosen_referral(request, referrals, series)
    record_viewed(actor=user, client_ids=[client.pk])
    first = latest = None
    rows: list[dict[str, Any]] = []
    if referral is not None and referral.pk in series:
        responses = selectors.referral_responses(referral, instrument.code)
        first, latest = responses.first(), responses.last()
        if first is not None and latest is not None:  # (the series has at least one response)
            rows = item_rows(instrument, first.answers, latest.answers)
    change = change_between(instrument, first.total, latest.total) if first and latest and first.pk != latest.pk else None
    return render(
        request,
        "measures/item_changes.html",
        {
            "client": client, "instrument": instrument, "referral": referral, "first": first,
            "latest": latest, "rows": rows, "change": change,
            "moved": sum(1 for r in rows if r["moved"]),
            "referrals_with_scores": [r for r in referrals if r.pk in series],
        },
    )


# --- entering a questionnaire --------------------------------------------------------------


@staff_view(*CLINICIANS)
def choose_instrument(request: AuthenticatedHttpRequest, referral_pk: int) -> HttpResponse:
    user = request.user
    referral = referral_get(user, referral_pk)
    loaded = catalogue.loaded_languages()
    preferred = referral.client.preferred_language
    rows = [
        {
            "instrument": i,
            "languages": (langs := catalogue.available_languages(i, loaded)),
            "in_client_language": preferred in langs,
        }
        for i in catalogue.instruments()
    ]
    record_viewed(actor=user, client_ids=[referral.client_id])
    return render(request, "measures/choose.html", {"referral": referral, "client": referral.client, "rows": rows})


@staff_view(*CLINICIANS)
def administer(request: AuthenticatedHttpRequest, referral_pk: int, code: str) -> HttpResponse:
    """One keyboard-fast form per instrument; the running total comes from ``preview``
    as you go (htmx) and from the same code on submit (works without JavaScript)."""
    user = request.user
    referral = referral_get(user, referral_pk)
    client = referral.client
    instrument = catalogue.instrument_get(code)
    languages = catalogue.available_languages(instrument)
    language = _choose_language(request, languages, client.preferred_language)
    wording = catalogue.wording_for(instrument, language)
    # The PHQ-15's menstrual item applies to a woman: ticked from the record, and can be changed.
    initial = {"context_female": client.gender == Gender.FEMALE}
    form = ResponseForm(request.POST or None, instrument=instrument, wording=wording, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            # One response per rendered form: a double click or a resend is not a second one.
            response, _created = submission_once(
                user=user,
                token=form.cleaned_data["submission_token"],
                create=lambda: services.measure_response_record(
                    actor=user,
                    referral=referral,
                    instrument_code=instrument.code,
                    answers=form.answers(),
                    completed_at=form.cleaned_data["completed_at"],
                    language=wording.language,
                    context=form.context(),
                ),
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            if response.has_risk:
                messages.error(request, _("Risk flagged: a risk alert was raised for the team's supervisor and the PWP."))
            else:
                messages.success(request, _("Saved."))
            # Back to the page the PWP came from (the assessment), when it is one of ours.
            return redirect(_safe_next(request) or reverse("measures:response", kwargs={"response_pk": response.pk}))
    if request.method == "GET":
        record_viewed(actor=user, client_ids=[client.pk])
    return render(
        request,
        "measures/administer.html",
        {
            "referral": referral,
            "client": client,
            "instrument": instrument,
            "form": form,
            "fields": _item_fields(instrument, form),
            "wording": wording,
            "instrument_languages": languages,
            "language_missing": client.preferred_language not in languages,
            "preview": _preview(instrument, form),
        },
    )


def _safe_next(request: HttpRequest) -> str:
    """``?next=`` when it points back into this site (a form without ``action`` keeps it on POST)."""
    target = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if target and allowed else ""


@staff_view(*CLINICIANS)
def preview(request: AuthenticatedHttpRequest, referral_pk: int, code: str) -> HttpResponse:
    """The running total and band of a half-filled form (an htmx partial; nothing stored)."""
    user = request.user
    referral_get(user, referral_pk)  # 404 for outsiders before anything else
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    instrument = catalogue.instrument_get(code)
    form = ResponseForm(request.POST, instrument=instrument, wording=catalogue.Wording(language=""))
    return render(request, "measures/_preview.html", {"instrument": instrument, "preview": _preview(instrument, form)})


# --- one stored response -------------------------------------------------------------------


@staff_view(*CLINICIANS)
def response_detail(request: AuthenticatedHttpRequest, response_pk: int) -> HttpResponse:
    user = request.user
    response = selectors.response_get(user, response_pk)
    record_viewed(actor=user, client_ids=[response.client_id])
    instrument = catalogue.instrument_get(response.instrument)
    wording = catalogue.wording_for(instrument, response.language)
    rows = [
        {**_item_row(instrument, item, wording), "answer": response.answers.get(item.id),
         "answer_label": catalogue.option_label(instrument, item, response.answers.get(item.id), wording)}
        for item in instrument.items
    ]
    return render(
        request,
        "measures/response_detail.html",
        {"response": response, "instrument": instrument, "client": response.client, "rows": rows, "wording": wording,
         "version_differs": response.instrument_version != instrument.version},
    )


@staff_view(*CLINICIANS)
def response_fhir(request: AuthenticatedHttpRequest, response_pk: int) -> HttpResponse:
    user = request.user
    response = selectors.response_get(user, response_pk)
    record_viewed(actor=user, client_ids=[response.client_id])
    instrument = catalogue.instrument_get(response.instrument)
    return _json_download(fhir.response_bundle(response, instrument), f"measure-response-{response.pk}.json")


# --- helpers ----------------------------------------------------------------------------


def summarise(referrals: list) -> list[dict[str, Any]]:
    """Per referral and instrument: first and latest score and the change (one query)."""
    cat = catalogue.instruments()
    order = {i.code: n for n, i in enumerate(cat)}
    by_code = {i.code: i for i in cat}
    by_referral = {r.pk: r for r in referrals}
    rows = []
    for series in selectors.series_for(referrals):
        instrument = by_code.get(series.instrument)
        if instrument is None:
            continue
        first, latest = series.first, series.latest
        rows.append({
            "referral": by_referral[series.referral_id],
            "instrument": instrument,
            "count": len(series.points),
            "first": first,
            "latest": latest,
            "latest_band": _band_label(instrument, latest.band_key),
            "change": change_between(instrument, first.total, latest.total) if len(series.points) > 1 else None,
            "any_risk": any(p.has_risk for p in series.points),
        })
    rows.sort(key=lambda r: (-r["referral"].received_on.toordinal(), -r["referral"].pk, order.get(r["instrument"].code, 99)))
    return rows


def _band_label(instrument: Instrument, key: str) -> str:
    return next((b.label for b in instrument.bands if b.key == key), "")


def item_rows(instrument: Instrument, first: dict, latest: dict) -> list[dict[str, Any]]:
    from stepcare.measures.engine import item_score

    rows = []
    for item in instrument.items:
        a, b = first.get(item.id), latest.get(item.id)
        sa, sb = item_score(instrument, item, a), item_score(instrument, item, b)
        direction = ""
        if sa is not None and sb is not None and sa != sb and item.scored:
            better = (sb > sa) == instrument.higher_is_better
            direction = "better" if better else "worse"
        rows.append({
            "item": item,
            "first": a, "latest": b,
            "first_label": catalogue.option_label(instrument, item, a),
            "latest_label": catalogue.option_label(instrument, item, b),
            "delta": (sb - sa) if sa is not None and sb is not None else None,
            "moved": a != b,
            "direction": direction,
        })
    return rows


def _item_row(instrument: Instrument, item: Item, wording: catalogue.Wording) -> dict[str, Any]:
    return {
        "item": item,
        "text": wording.items.get(item.id, ""),
        "options": [
            (o.score, catalogue.option_label(instrument, item, o.score, wording))
            for o in instrument.options_for(item).options
        ],
        "is_risk": any(r.item == item.id for r in instrument.risk_items),
    }


def _item_fields(instrument: Instrument, form: ResponseForm) -> list[dict[str, Any]]:
    risk_items = {r.item for r in instrument.risk_items}
    return [
        {"item": item, "field": form[item_field_name(item)], "is_risk": item.id in risk_items}
        for item in instrument.items
    ]


def _preview(instrument: Instrument, form: ResponseForm) -> dict[str, Any]:
    """Score the form as it stands: the full result when complete, else the total so far."""
    answers = {}
    for item in instrument.items:
        raw = form.data.get(item_field_name(item), "")
        try:
            answers[item.id] = int(raw) if raw != "" else None
        except ValueError:
            answers[item.id] = None
    context = {key: form.data.get(f"context_{key}") in ("on", "true", "1") for key in form.context_keys}
    try:
        result = score(instrument, answers, context=context)
    except AnswerError:
        pass
    else:
        return {"complete": True, "result": result, "answered": sum(v is not None for v in answers.values())}
    try:
        running = running_total(instrument, answers, context=context)
    except AnswerError as error:
        return {"error": str(error)}
    return {"complete": False, "running": running}


def _errors_to_form(form: ResponseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _choose_language(request: HttpRequest, languages: list[str], preferred: str) -> str:
    asked = request.POST.get("language") if request.method == "POST" else request.GET.get("language")
    for candidate in (asked, preferred, "en"):
        if candidate and candidate in languages:
            return candidate
    return languages[0] if languages else ""


def _chosen_referral(request: HttpRequest, referrals: list, series: dict) -> Any:
    """The referral asked for (?referral=), else the newest one with scores, else the newest."""
    asked = request.GET.get("referral", "")
    if asked:
        for referral in referrals:
            if str(referral.pk) == asked:
                return referral
        raise Http404("No such referral")
    with_scores = [r for r in referrals if r.pk in series]
    return (with_scores or referrals or [None])[0]


def _json_download(data: dict[str, Any], filename: str) -> HttpResponse:
    response = JsonResponse(data, json_dumps_params={"indent": 2, "ensure_ascii": False})
    response["Content-Type"] = "application/fhir+json; charset=utf-8"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


