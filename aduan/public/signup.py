"""Signing up for a citizen account (/akun/daftar/) and choosing a new password by a sent link.

The sign-up page asks only for an email or phone number and answers every contact alike: "we sent
you a message". What happens next is in the message (aduan/accounts/signup.py): a new contact
finishes the account from its link, the owner of an existing account is told of the attempt and
can sign in or choose a new password. So the page never tells anyone whether an address is
registered.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from aduan.accounts import signup
from aduan.accounts.models import User
from aduan.audit import log as audit
from aduan.lib import ratelimit
from aduan.public.accounts import (
    CONTACT_ERROR,
    ContactField,
    is_staff_account,
    parse_contact,
    safe_next,
)

SIGN_UPS_PER_IP_PER_HOUR = 10
# Messages one contact can be sent per hour from the sign-up page, whoever asks.
SIGN_UP_MESSAGES_PER_CONTACT_PER_HOUR = 3
SENT_TO_KEY = "aduan_signup_sent_to"
NEXT_KEY = "aduan_signup_next"


class SignUpForm(forms.Form):
    contact = ContactField(
        help_text=gettext_lazy(
            "Kami mengirim tautan ke alamat atau nomor ini untuk membuat akun. Kami memakainya "
            "juga untuk masuk dan untuk kabar tentang aduan Anda."
        )
    )

    def clean_contact(self) -> tuple[str, str]:
        parsed = parse_contact(self.cleaned_data["contact"])
        if parsed is None:
            raise ValidationError(CONTACT_ERROR)
        return parsed


class NewPasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Kata sandi"),
        strip=False,
        help_text=gettext_lazy("Paling sedikit 10 karakter. Jangan hanya angka."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Buat kata sandi.")},
    )
    password2 = forms.CharField(
        label=gettext_lazy("Ulangi kata sandi"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": gettext_lazy("Ketik kata sandi sekali lagi.")},
    )

    def __init__(self, *args: Any, account: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The account the password is for (not saved yet at sign-up): the validators compare.
        self.account = account

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        password, again = data.get("password"), data.get("password2")
        if password and again and password != again:
            self.add_error("password2", _("Kedua kata sandi tidak sama. Ketik ulang."))
        elif password:
            try:
                password_validation.validate_password(password, self.account)
            except ValidationError as error:
                self.add_error("password", error)
        return data


class FinishForm(NewPasswordForm):
    name = forms.CharField(
        label=gettext_lazy("Nama (opsional)"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    field_order = ["name", "password", "password2"]


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and not is_staff_account(request.user):
        return redirect("public:my_complaints")
    form = SignUpForm(request.POST or None)
    if request.method == "POST":
        ip = ratelimit.client_ip(request)
        if not ratelimit.hit(f"citizen-sign-up:ip:{ip}", SIGN_UPS_PER_IP_PER_HOUR, 3600):
            return ratelimit.too_many(request, 3600)
        if form.is_valid():
            kind, value = form.cleaned_data["contact"]
            # Past the limit the page says the same; only the message is not sent again, so the
            # page cannot be used to flood someone's inbox.
            if ratelimit.contact_allowed(
                "citizen-sign-up",
                email=value if kind == "email" else "",
                phone=value if kind == "phone" else "",
                limit=SIGN_UP_MESSAGES_PER_CONTACT_PER_HOUR,
                window=3600,
            ):
                signup.request_sign_up(kind, value, language=translation.get_language() or "id")
            request.session[SENT_TO_KEY] = [kind, value]
            request.session[NEXT_KEY] = safe_next(request, "")
            return redirect("public:signup_sent")
    return render(
        request,
        "public/accounts/signup.html",
        {"form": form, "has_errors": bool(form.errors), "next": safe_next(request, "")},
    )


def sign_up_sent(request: HttpRequest) -> HttpResponse:
    """The one answer to every sign-up: look in your mailbox or messages."""
    sent_to = request.session.get(SENT_TO_KEY)
    if not (isinstance(sent_to, list) and len(sent_to) == 2):
        return redirect("public:signup")
    kind, value = sent_to
    return render(
        request,
        "public/accounts/signup_sent.html",
        {"kind": kind, "contact": value, "valid_hours": signup.LINK_HOURS},
    )


def _link_not_valid(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accounts/link_invalid.html", status=400)


def _already_registered(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accounts/already_registered.html")


@sensitive_post_parameters("password", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def finish_sign_up(request: HttpRequest, token: str) -> HttpResponse:
    """From the link in the message: name and password, and the account exists."""
    pending = signup.read_token(token)
    if pending is None:
        return _link_not_valid(request)
    if signup.existing_account(pending.kind, pending.value) is not None:
        return _already_registered(request)
    email = pending.value if pending.kind == "email" else ""
    probe = User(username=pending.value, email=email)
    form = FinishForm(request.POST or None, account=probe)
    if request.method == "POST" and form.is_valid():
        try:
            user = signup.create_account(
                pending,
                name=form.cleaned_data["name"].strip(),
                password=form.cleaned_data["password"],
                language=translation.get_language() or "id",
            )
        except IntegrityError:
            # The same link opened twice at once: the other one made the account.
            return _already_registered(request)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        next_url = request.session.pop(NEXT_KEY, "") or reverse("public:my_complaints")
        request.session.pop(SENT_TO_KEY, None)
        messages.success(request, _("Akun Anda sudah dibuat dan Anda sudah masuk."))
        return HttpResponseRedirect(next_url)
    return render(
        request,
        "public/accounts/signup_finish.html",
        {"form": form, "has_errors": bool(form.errors), "contact": pending.value},
    )


def _citizen_from_uid(uidb64: str) -> User | None:
    try:
        pk = force_str(urlsafe_base64_decode(uidb64))
        return User.objects.get(pk=pk, is_active=True, is_citizen=True)
    except (TypeError, ValueError, OverflowError, User.DoesNotExist):
        return None


@sensitive_post_parameters("password", "password2")
@never_cache
@require_http_methods(["GET", "POST"])
def new_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """A citizen chooses a new password from a sent link; the link works once, for an hour."""
    user = _citizen_from_uid(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return _link_not_valid(request)
    form = NewPasswordForm(request.POST or None, account=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            user.set_password(form.cleaned_data["password"])
            user.save(update_fields=["password"])  # ends the account's other sessions too
            audit.record(
                actor=user,
                action="account.password_reset",
                obj=user,
                ip=ratelimit.client_ip(request),
            )
        messages.success(
            request, _("Kata sandi sudah diganti. Silakan masuk dengan kata sandi baru.")
        )
        return redirect("public:signin")
    return render(
        request,
        "public/accounts/new_password.html",
        {"form": form, "has_errors": bool(form.errors)},
    )
