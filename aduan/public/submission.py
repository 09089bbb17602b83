"""The guided report: one question or small group per page, answers kept in the session draft."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from aduan.agencies.models import Classification
from aduan.lib import images
from aduan.public import archive
from aduan.public import draft as drafts
from aduan.public.forms import (
    CITIZEN_CLASSIFICATIONS,
    CategoryForm,
    ClassificationForm,
    ConsentForm,
    ContactForm,
    PhotoForm,
    PrivacyForm,
    WhatForm,
    WhereForm,
    search_categories,
)
from aduan.public.pages import STEP_NAMES, page, step_context


def _posted(request: HttpRequest) -> Any:
    """The POST data of a sent form (even an empty one, e.g. no box ticked), else None."""
    return request.POST if request.method == "POST" else None


def _next(request: HttpRequest, step_name: str) -> HttpResponseRedirect:
    """After a step: back to the check page when changing an answer, else on to the next step."""
    if request.GET.get("ubah") == "1":
        return redirect("public:check")
    return redirect(STEP_NAMES[STEP_NAMES.index(step_name) + 1])


def _needs_category(request: HttpRequest) -> HttpResponseRedirect | None:
    if drafts.category(drafts.load(request)) is None:
        return redirect("public:category")
    return None


@require_http_methods(["GET", "POST"])
def classification(request: HttpRequest) -> HttpResponse:
    current = drafts.load(request)
    form = ClassificationForm(
        _posted(request), initial={"classification": current.get("classification")}
    )
    if request.method == "POST" and form.is_valid():
        drafts.update(request, classification=form.cleaned_data["classification"])
        return _next(request, "public:start")
    hints = {value: hint for value, _label, hint in CITIZEN_CLASSIFICATIONS}
    return page(
        request,
        "public/step_classification.html",
        {"form": form, "hints": hints, **step_context("public:start", request)},
        forms_=[form],
    )


@require_http_methods(["GET", "POST"])
def category(request: HttpRequest) -> HttpResponse:
    current = drafts.load(request)
    query = request.GET.get("q", "").strip()[:100]
    form = CategoryForm(_posted(request), initial={"category": current.get("category")})
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["category"]
        values: dict[str, Any] = {"category": chosen.pk}
        if chosen.is_sensitive:
            values.update(is_anonymous=True, is_confidential=True)
        drafts.update(request, **values)
        if chosen.is_emergency:
            suffix = "?ubah=1" if request.GET.get("ubah") == "1" else ""
            return redirect(reverse("public:emergency") + suffix)
        return _next(request, "public:category")
    categories = list(search_categories(query) if query else search_categories(""))
    groups: dict[str, list[Any]] = {}
    for item in categories:
        groups.setdefault(item.group, []).append(item)
    selected = form.data.get("category") if form.is_bound else current.get("category")
    return page(
        request,
        "public/step_category.html",
        {
            "form": form,
            "groups": groups,
            "query": query,
            "selected": str(selected or ""),
            "emergencies": [c for c in categories if c.is_emergency],
            **step_context("public:category", request),
        },
        forms_=[form],
    )


def emergency(request: HttpRequest) -> HttpResponse:
    chosen = drafts.category(drafts.load(request))
    if chosen is None:
        return redirect("public:category")
    next_url = reverse("public:check" if request.GET.get("ubah") == "1" else "public:what")
    return page(
        request,
        "public/step_emergency.html",
        {"category": chosen, "next_url": next_url, **step_context("public:category", request)},
    )


@require_http_methods(["GET", "POST"])
def what(request: HttpRequest) -> HttpResponse:
    current = drafts.load(request)
    initial = {k: current.get(k) for k in WhatForm.base_fields}
    form = WhatForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["occurred_on"] = data["occurred_on"].isoformat() if data["occurred_on"] else ""
        drafts.update(request, **data)
        return _next(request, "public:what")
    return page(
        request,
        "public/step_what.html",
        {"form": form, **step_context("public:what", request)},
        forms_=[form],
    )


def _location_required(current: dict[str, Any]) -> bool:
    return current.get("classification") not in (
        Classification.ASPIRATION,
        Classification.INFORMATION,
    )


@require_http_methods(["GET", "POST"])
def where(request: HttpRequest) -> HttpResponse:
    current = drafts.load(request)
    initial = {k: current.get(k) for k in WhereForm.base_fields}
    form = WhereForm(
        _posted(request), initial=initial, location_required=_location_required(current)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        for key in ("latitude", "longitude"):
            data[key] = str(data[key]) if data[key] is not None else ""
        drafts.update(request, **data)
        return _next(request, "public:where")
    return page(
        request,
        "public/step_where.html",
        {
            "form": form,
            "map_tile_url": settings.ADUAN_MAP_TILE_URL,
            "map_attribution": settings.ADUAN_MAP_ATTRIBUTION,
            **step_context("public:where", request),
        },
        forms_=[form],
    )


@require_http_methods(["GET", "POST"])
def photos(request: HttpRequest) -> HttpResponse:
    current = drafts.load(request)
    room = images.photo_limit() - len(current.get("photos", []))
    form = PhotoForm(
        _posted(request), request.FILES if request.method == "POST" else None, room=room
    )
    if request.method == "POST" and form.is_valid():
        # Stored only when every file of the batch is acceptable: nothing half-way.
        for image in form.cleaned_data["photos"]:
            drafts.add_photo(request, image)
        return redirect(request.get_full_path())
    current = drafts.load(request)
    next_url = reverse(
        "public:check" if request.GET.get("ubah") == "1" else "public:privacy_choice"
    )
    return page(
        request,
        "public/step_photos.html",
        {
            "form": form,
            "photos": current.get("photos", []),
            "room": images.photo_limit() - len(current.get("photos", [])),
            "photo_limit": images.photo_limit(),
            "next_url": next_url,
            "similar_complaints": archive.similar_for_draft(request),
            **step_context("public:photos", request),
        },
        forms_=[form],
    )


def photo_thumbnail(request: HttpRequest, photo_id: str) -> FileResponse:
    """A draft photo's thumbnail, only for the session that uploaded it."""
    item = drafts.photo(drafts.load(request), photo_id)
    if item is None:
        raise Http404("No such photo in this draft")
    response = FileResponse(default_storage.open(item["thumb"], "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
def photo_remove(request: HttpRequest, photo_id: str) -> HttpResponse:
    drafts.remove_photo(request, photo_id)
    url = reverse("public:photos")
    return redirect(url + ("?ubah=1" if request.GET.get("ubah") == "1" else ""))


@require_http_methods(["GET", "POST"])
def privacy_choice(request: HttpRequest) -> HttpResponse:
    if (missing := _needs_category(request)) is not None:
        return missing
    current = drafts.load(request)
    chosen = drafts.category(current)
    assert chosen is not None
    form = PrivacyForm(
        _posted(request),
        initial={
            "is_anonymous": current.get("is_anonymous", False),
            "is_confidential": current.get("is_confidential", False),
        },
    )
    if request.method == "POST":
        if chosen.is_sensitive:
            drafts.update(request, is_anonymous=True, is_confidential=True)
            return _next(request, "public:privacy_choice")
        if form.is_valid():
            drafts.update(request, **form.cleaned_data)
            return _next(request, "public:privacy_choice")
    return page(
        request,
        "public/step_privacy.html",
        {"form": form, "category": chosen, **step_context("public:privacy_choice", request)},
        forms_=[form],
    )


@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    if (missing := _needs_category(request)) is not None:
        return missing
    current = drafts.load(request)
    chosen = drafts.category(current)
    assert chosen is not None
    initial = {k: current.get(k) for k in ContactForm.base_fields}
    initial["phone_channel"] = current.get("phone_channel") or "whatsapp"
    form = ContactForm(_posted(request), initial=initial, asks_for_nik=chosen.asks_for_nik)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["phone_channel"] = data.get("phone_channel") or "whatsapp"
        drafts.update(request, **data)
        return _next(request, "public:contact")
    return page(
        request,
        "public/step_contact.html",
        {
            "form": form,
            "category": chosen,
            "anonymous": current.get("is_anonymous"),
            **step_context("public:contact", request),
        },
        forms_=[form],
    )


@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest) -> HttpResponse:
    current = drafts.load(request)
    version = settings.ADUAN_PRIVACY_NOTICE_VERSION
    form = ConsentForm(_posted(request), initial={"consent": current.get("consent") == version})
    if request.method == "POST" and form.is_valid():
        drafts.update(request, consent=version)
        return _next(request, "public:consent")
    return page(
        request,
        "public/step_consent.html",
        {"form": form, "version": version, **step_context("public:consent", request)},
        forms_=[form],
    )
