"""Personal API tokens: each staff member makes and revokes their own (shown once, kept hashed)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from aduan.accounts import apikeys
from aduan.accounts.apikeys import ApiKey, Scope
from aduan.lib.ratelimit import client_ip
from aduan.staff.decorators import staff_required
from aduan.staff.forms import ConsoleForm

LIFETIMES = [
    ("30", gettext_lazy("30 hari")),
    ("90", gettext_lazy("90 hari")),
    ("365", gettext_lazy("1 tahun")),
]


class TokenForm(ConsoleForm):
    name = forms.CharField(
        label=gettext_lazy("Nama token"),
        max_length=80,
        help_text=gettext_lazy("Untuk apa token ini, misalnya: skrip laporan mingguan."),
    )
    scope = forms.ChoiceField(
        label=gettext_lazy("Cakupan"),
        choices=Scope.choices,
        initial=Scope.READ,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Baca: antrean, aduan dan linimasa. Bertindak: juga semua tindakan yang boleh Anda "
            "lakukan di konsol."
        ),
    )
    days = forms.ChoiceField(label=gettext_lazy("Berlaku"), choices=LIFETIMES, initial="90")

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if "\x00" in name or not name:
            raise forms.ValidationError(_("Tuliskan nama token."))
        return name


@require_http_methods(["GET", "POST"])
@staff_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        _key, new_token = apikeys.create_personal_token(
            user=request.user,
            name=d["name"],
            scope=d["scope"],
            days=int(d["days"]),
            ip=client_ip(request),
        )
        form = TokenForm()
    return render(
        request,
        "staff/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "keys": ApiKey.objects.filter(
                user_id=int(request.user.pk or 0), kind=ApiKey.Kind.PERSONAL
            ),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@staff_required
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the owner's own tokens: anyone else's is a 404.
    key = get_object_or_404(ApiKey, pk=pk, user_id=request.user.pk, kind=ApiKey.Kind.PERSONAL)
    apikeys.revoke(key, by=request.user, ip=client_ip(request))
    messages.success(request, _("Token %(name)s dicabut.") % {"name": key.name})
    return redirect("staff:tokens")
