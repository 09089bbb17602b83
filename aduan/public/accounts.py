"""Optional citizen accounts (/akun/): sign in, sign out, "Aduan saya" and preferences.

Nothing requires an account. A citizen signs up (aduan/public/signup.py) with an email address or
an Indonesian phone number and a password; the contact and name are stored encrypted and found by
their blind index, and the username is an opaque reference (aduan/accounts/citizens.py). Staff
accounts sign in at /staf/ (with two-factor authentication), never here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from aduan.accounts import signup
from aduan.accounts.models import User
from aduan.complaints.access import scope_of
from aduan.complaints.models import Complaint, Follower, Reporter
from aduan.lib import phone, ratelimit

# Eight wrong passwords for one contact from one address block that pair for 15 minutes; 40 from
# one address (any contacts) block the address. Nobody elsewhere can lock the owner out.
SIGN_IN_THROTTLE = ratelimit.Throttle("citizen-sign-in", limit=8, window=900, block=900)
# Many phones share one address behind a mobile carrier's NAT, so the address gets more room.
SIGN_IN_IP_THROTTLE = ratelimit.Throttle("citizen-sign-in-ip", limit=40, window=900, block=900)
SIGN_IN = ratelimit.SignInThrottle(pair=SIGN_IN_THROTTLE, address=SIGN_IN_IP_THROTTLE)
MY_COMPLAINTS_LIMIT = 200

View = Callable[..., HttpResponse]


def parse_contact(text: str) -> tuple[str, str] | None:
    """("email", address) or ("phone", +62 number) from what a person typed; None if neither."""
    text = (text or "").strip()
    if "@" in text:
        try:
            validate_email(text)
        except ValidationError:
            return None
        return "email", text.lower()
    number = phone.normalise(text)
    return ("phone", number) if number else None


def is_staff_account(user: User) -> bool:
    return bool(
        user.is_staff or user.is_superuser or not user.is_citizen or scope_of(user).is_staff
    )


CONTACT_ERROR = gettext_lazy(
    "Masukkan alamat email atau nomor HP Indonesia, misalnya nama@contoh.id atau 0812 3456 7890."
)


class ContactField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Email atau nomor HP"))
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
        )
        kwargs.setdefault("error_messages", {"required": CONTACT_ERROR})
        super().__init__(**kwargs)


class SignInForm(forms.Form):
    contact = ContactField()
    password = forms.CharField(
        label=gettext_lazy("Kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": gettext_lazy("Masukkan kata sandi Anda.")},
    )


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def citizen_required(view: View) -> View:
    """Citizen account pages: visitors go to sign in; signed-in staff are told to use /staf/."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("public:signin"))
        if is_staff_account(request.user):
            return render(request, "public/accounts/staff_refused.html", status=403)
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not is_staff_account(request.user):
        return redirect("public:my_complaints")
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = _authenticate(request, form)
        if user is not None:
            login(request, user)
            return HttpResponseRedirect(safe_next(request, reverse("public:my_complaints")))
    return render(
        request,
        "public/accounts/signin.html",
        {"form": form, "has_errors": bool(form.errors), "next": safe_next(request, "")},
    )


def _authenticate(request: HttpRequest, form: SignInForm) -> User | None:
    """Check the credentials; on failure add a form error and count it. Never says which was wrong."""
    ip = ratelimit.client_ip(request)
    parsed = parse_contact(form.cleaned_data["contact"])
    account = parsed[1] if parsed else ""
    until = SIGN_IN.blocked_until(account, ip)
    if until is not None:
        form.add_error(
            None,
            _("Terlalu banyak percobaan masuk. Coba lagi setelah pukul %(time)s.")
            % {"time": formats.time_format(until, "H:i")},
        )
        return None
    if parsed is None:
        form.add_error("contact", CONTACT_ERROR)
        return None
    candidate = signup.existing_account(*parsed)
    user = None
    if candidate is not None:
        user = authenticate(
            request, username=candidate.username, password=form.cleaned_data["password"]
        )
    if user is None:
        SIGN_IN.fail(account, ip)
        form.add_error(
            None,
            _(
                "Email/nomor HP atau kata sandi salah. Periksa lagi, atau daftar jika belum "
                "punya akun."
            ),
        )
        return None
    if is_staff_account(user):
        form.add_error(
            None,
            _("Akun petugas tidak dapat masuk di sini. Gunakan halaman masuk petugas di /staf/."),
        )
        return None
    # Only this contact's count starts again; the address keeps its count of others' failures.
    SIGN_IN.succeeded(account, ip)
    return user


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        messages.success(request, _("Anda sudah keluar dari akun."))
        return redirect("public:archive")
    return render(request, "public/accounts/signout.html")


@citizen_required
def my_complaints(request: HttpRequest) -> HttpResponse:
    me: User = request.user  # type: ignore[assignment]
    related = ("category", "area", "area__parent", "agency", "unit", "merged_into")
    reported = (
        Complaint.objects.filter(reporter__user=me)
        .select_related(*related)
        .order_by("-created_at", "-id")[:MY_COMPLAINTS_LIMIT]
    )
    followed = (
        Complaint.objects.public()
        .filter(followers__user=me)
        .exclude(reporter__user=me)
        .select_related(*related)
        .distinct()
        .order_by("-created_at", "-id")[:MY_COMPLAINTS_LIMIT]
    )
    return render(
        request,
        "public/accounts/my_complaints.html",
        {"reported": list(reported), "followed": list(followed)},
    )


class PreferencesForm(forms.Form):
    # Each language is named in itself, so a person who cannot read the page can still find theirs.
    language = forms.ChoiceField(
        label=gettext_lazy("Bahasa untuk halaman dan pemberitahuan"),
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, follows: list[Follower], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.follows = follows
        for follower in follows:
            self.fields[f"notify_{follower.pk}"] = forms.BooleanField(
                label=f"{follower.complaint.title} ({follower.complaint.tracking_code})",
                required=False,
                initial=follower.notify,
            )

    def notify_rows(self) -> list[tuple[forms.BoundField, Follower]]:
        return [(self[f"notify_{f.pk}"], f) for f in self.follows]


def _my_follows(user: Any) -> list[Follower]:
    """The complaints this person follows; a rahasia one only if they reported it themselves."""
    return list(
        Follower.objects.filter(Q(user=user) | Q(reporter__user=user))
        .filter(Q(complaint__is_confidential=False) | Q(complaint__reporter__user=user))
        .select_related("complaint")
        .order_by("-complaint__created_at", "pk")
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    me: User = request.user  # type: ignore[assignment]
    follows = _my_follows(me)
    form = PreferencesForm(request.POST or None, follows=follows, initial={"language": me.language})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        with transaction.atomic():
            me.language = language
            me.save(update_fields=["language"])
            # Messages to the reporter of a complaint follow the reporter row's language.
            Reporter.objects.filter(user=me).update(language=language)
            for follower in follows:
                wanted = form.cleaned_data[f"notify_{follower.pk}"]
                if follower.notify != wanted:
                    Follower.objects.filter(pk=follower.pk).update(notify=wanted)
        translation.activate(language)
        messages.success(request, _("Pengaturan Anda sudah disimpan."))
        response = redirect("public:preferences")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
        )
        return response
    return render(
        request,
        "public/accounts/preferences.html",
        {"form": form, "has_errors": bool(form.errors)},
    )
