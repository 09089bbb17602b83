"""Helpers every public page shares: rendering with the error state, and the step list of a report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# The steps of a report, in order: URL name and the short name shown as "Langkah 3 dari 9".
STEPS: list[tuple[str, Any]] = [
    ("public:start", _("Jenis laporan")),
    ("public:category", _("Kategori")),
    ("public:what", _("Kejadian")),
    ("public:where", _("Lokasi")),
    ("public:photos", _("Foto")),
    ("public:privacy_choice", _("Privasi")),
    ("public:contact", _("Kontak")),
    ("public:consent", _("Persetujuan")),
    ("public:check", _("Periksa")),
]
STEP_NAMES = [name for name, _label in STEPS]


def page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    forms_: list[forms.Form | None] | None = None,
    errors: list[tuple[Any, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render a page; if any form or extra error fails, the title and error summary say so."""
    context = dict(context or {})
    bound = [f for f in (forms_ or []) if f is not None]
    context["forms"] = bound
    context["errors"] = errors or []
    context["has_errors"] = bool(errors) or any(f.is_bound and f.errors for f in bound)
    return render(request, template, context, status=status)


def step_context(step_name: str, request: HttpRequest) -> dict[str, Any]:
    """Position in the journey and the back link for one step."""
    index = STEP_NAMES.index(step_name)
    changing = request.GET.get("ubah") == "1"
    if changing:
        back = reverse("public:check")
    elif index == 0:
        back = reverse("public:home")
    else:
        back = reverse(STEP_NAMES[index - 1])
    return {
        "step_number": index + 1,
        "step_total": len(STEPS),
        "back_url": back,
        "changing": changing,
    }
