"""The site's URLs plus test-only pages: one behind the staff gate, one public form with spam checks."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from aduan.lib.antispam import SpamGuardMixin
from aduan.staff.decorators import staff_required
from aduan.urls import urlpatterns as site_urlpatterns


@staff_required
def guarded(request: HttpRequest) -> HttpResponse:
    return HttpResponse("isi aduan rahasia")


class NoteForm(SpamGuardMixin):
    note = forms.CharField(label="Catatan")


FORM_PAGE = """{% extends "staff/auth/layout.html" %}{% block title %}Uji{% endblock %}
{% block content %}{% if sent %}<p id="result">diterima</p>{% endif %}
{% for error in form.non_field_errors %}<p id="error">{{ error }}</p>{% endfor %}
<form method="post">{% csrf_token %}{% include "includes/spam_guard.html" %}
<label for="id_note">Catatan</label>{{ form.note }}<button type="submit">Kirim</button></form>
{% endblock %}"""


def guarded_form(request: HttpRequest) -> HttpResponse:
    form = NoteForm(request.POST or None)
    sent = request.method == "POST" and form.is_valid()
    template = engines["django"].from_string(FORM_PAGE)
    return HttpResponse(template.render({"form": form, "sent": sent}, request))


urlpatterns = [
    path("staf/uji-gerbang/", guarded),
    path("uji-formulir/", guarded_form),
    *site_urlpatterns,
]
