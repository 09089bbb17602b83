"""Staff sign-in and sign-out, two-factor set-up and verification, recovery codes, password reset.

The path is always: password (throttled) → second factor (set up on first sign-in) → console.
`staff_required` (decorators.py) sends anyone who stopped half-way back to the right step.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import verify_token

from aduan.accounts.devices import RecoveryCodeDevice, StaffTOTPDevice, issuer_name
from aduan.accounts.models import User
from aduan.audit import log as audit
from aduan.complaints.access import scope_of
from aduan.lib import ratelimit
from aduan.lib.middleware import is_staff_session, start_staff_session
from aduan.notifications.queue import notify_password_reset
from aduan.staff.auth_forms import (
    CodeForm,
    NewPasswordForm,
    SetupCodeForm,
    SignInForm,
    StaffPasswordResetForm,
)
from aduan.staff.decorators import is_verified, second_factor_url, staff_required

# Five wrong passwords for one account from one address: that pair waits 15 minutes. Many wrong
# passwords from one address (any accounts): the address waits an hour. Blocks always end, so
# an attacker can slow an officer down but never lock them out for good.
PAIR_THROTTLE = ratelimit.Throttle("login-pair", limit=5, window=15 * 60, block=15 * 60)
IP_THROTTLE = ratelimit.Throttle("login-ip", limit=30, window=60 * 60, block=60 * 60)
SIGN_IN = ratelimit.SignInThrottle(pair=PAIR_THROTTLE, address=IP_THROTTLE)
SETUP_DEVICE_KEY = "aduan_2fa_setup_device"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return str(getattr(settings, "ADUAN_STAFF_HOME", "/staf/"))


def _to(request: HttpRequest, name: str, next_url: str) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse(name)}?{urlencode({'next': next_url})}")


def _until(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "H:i")


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    forms = [value for value in context.values() if hasattr(value, "errors")]
    context.setdefault("has_errors", any(form.errors for form in forms))
    return render(request, template, context)


def _is_staff_account(user: User) -> bool:
    return (not user.is_citizen) and (scope_of(user).is_staff or user.is_staff)


@sensitive_post_parameters("password")
@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    user = request.user
    if user.is_authenticated and is_staff_session(request) and is_verified(user):
        return HttpResponseRedirect(next_url)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        ip = ratelimit.client_ip(request)
        typed = username.lower()
        blocked = SIGN_IN.blocked_until(typed, ip)
        if blocked:
            form.add_error(None, _blocked_message(blocked))
        else:
            account = authenticate(
                request, username=username, password=form.cleaned_data["password"]
            )
            if account is None:
                blocked = SIGN_IN.fail(typed, ip)
                if blocked:
                    # The account by its id when a staff account has that username; what was typed
                    # otherwise stays out of the chain (a citizen's email, a password in the
                    # wrong field), because the chain can never forget it.
                    target = User.objects.filter(username=username, is_citizen=False).first()
                    audit.record(
                        actor=None,
                        action="staff.login_blocked",
                        object_type="accounts.user",
                        object_id=target.pk if target is not None else "",
                        after={"known_account": target is not None},
                        ip=ip,
                    )
                form.add_error(
                    None,
                    _blocked_message(blocked)
                    if blocked
                    else _("Nama pengguna atau kata sandi salah."),
                )
            elif not _is_staff_account(account):
                form.add_error(
                    None,
                    _(
                        "Akun ini akun warga, bukan akun petugas. Warga masuk lewat halaman "
                        "Masuk untuk warga (/akun/masuk/)."
                    ),
                )
            else:
                SIGN_IN.succeeded(typed, ip)
                login(request, account)  # rotates the session key
                start_staff_session(request)
                audit.record(actor=account, action="staff.login", obj=account, ip=ip)
                return HttpResponseRedirect(second_factor_url(request, next_url))
    return _page(request, "staff/auth/sign_in.html", {"form": form, "next": next_url})


def _blocked_message(until: datetime) -> str:
    return _(
        "Terlalu banyak percobaan masuk yang gagal. Demi keamanan, coba lagi pukul %(time)s."
    ) % {"time": _until(until)}


def _half_signed_in(request: HttpRequest) -> bool:
    """Password accepted at the staff sign-in, second factor not yet given."""
    return bool(request.user.is_authenticated and is_staff_session(request))


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if not _half_signed_in(request):
        return _to(request, "staff:login", next_url)
    user: User = request.user  # type: ignore[assignment]
    if StaffTOTPDevice.objects.filter(user=user, confirmed=True).exists():
        # Replacing a confirmed authenticator is an administrator's job (identity check first).
        if is_verified(user):
            messages.info(request, _("Verifikasi dua langkah Anda sudah aktif."))
            return HttpResponseRedirect(next_url)
        return HttpResponseRedirect(second_factor_url(request, next_url))
    device = (
        StaffTOTPDevice.objects.filter(
            user=user, confirmed=False, pk=request.session.get(SETUP_DEVICE_KEY)
        ).first()
        if request.session.get(SETUP_DEVICE_KEY)
        else None
    )
    if device is None:
        StaffTOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = StaffTOTPDevice.start(user)
        request.session[SETUP_DEVICE_KEY] = device.pk
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = StaffTOTPDevice.objects.select_for_update().get(pk=device.pk)
            if device.verify_token(form.cleaned_data["code"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                recovery, _created = RecoveryCodeDevice.objects.get_or_create(
                    user=user, defaults={"name": "kode pemulihan"}
                )
                codes = recovery.generate()
                audit.record(
                    actor=user,
                    action="staff.2fa_enabled",
                    obj=user,
                    ip=ratelimit.client_ip(request),
                )
            else:
                codes = []
        if codes:
            del request.session[SETUP_DEVICE_KEY]
            _second_factor_passed(request, device)
            # Shown in this response only: the codes are stored hashed and never shown again.
            return _page(
                request,
                "staff/auth/recovery_codes.html",
                {"codes": codes, "next": next_url, "first_time": True},
            )
        form.add_error(
            "code",
            _("Kode tidak cocok. Periksa jam ponsel Anda, lalu masukkan kode yang baru muncul."),
        )
    qr = segno.make(device.config_url(issuer_name()), error="m")
    secret = device.secret_base32
    return _page(
        request,
        "staff/auth/setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_data_uri": qr.svg_data_uri(scale=5, border=2),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
    )


def _second_factor_passed(request: HttpRequest, device: Any) -> None:
    # A new session key at each step up in privilege (ASVS: session rotation on re-authentication).
    request.session.cycle_key()
    otp_login(request, device)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if not _half_signed_in(request):
        return _to(request, "staff:login", next_url)
    user: User = request.user  # type: ignore[assignment]
    if is_verified(user):
        return HttpResponseRedirect(next_url)
    totp = StaffTOTPDevice.objects.filter(user=user, confirmed=True).first()
    if totp is None:
        return _to(request, "staff:2fa_setup", next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "")
        is_totp = code.isdigit() and len(code) == StaffTOTPDevice.DIGITS
        recovery = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
        device = totp if is_totp else recovery
        wait = _throttled(device)
        accepted = (
            verify_token(user, device.persistent_id, code)
            if device is not None and wait is None
            else None
        )
        if accepted is not None:
            _second_factor_passed(request, accepted)
            audit.record(
                actor=user,
                action="staff.2fa_verified" if is_totp else "staff.recovery_code_used",
                obj=user,
                ip=ratelimit.client_ip(request),
            )
            if not is_totp:
                remaining = RecoveryCodeDevice.objects.get(pk=accepted.pk).remaining
                messages.warning(
                    request,
                    _(
                        "Anda masuk dengan kode pemulihan. Sisa kode: %(n)d. Buat kode baru di "
                        "halaman Kode pemulihan bila tinggal sedikit."
                    )
                    % {"n": remaining},
                )
            return HttpResponseRedirect(next_url)
        form.add_error("code", wait or str(WRONG_CODE))
    return _page(request, "staff/auth/verify.html", {"form": form, "next": next_url})


def _throttled(device: Any) -> str | None:
    """The message for a device still waiting after wrong codes, or None when it may be tried."""
    if device is None:
        return None
    allowed, details = device.verify_is_allowed()
    if allowed or not details or not details.get("locked_until"):
        return None
    return _("Terlalu banyak kode salah. Tunggu sampai pukul %(time)s, lalu coba lagi.") % {
        "time": date_format(timezone.localtime(details["locked_until"]), "H:i:s")
    }


WRONG_CODE = _lazy(
    "Kode salah atau sudah pernah dipakai. Masukkan kode yang baru muncul di aplikasi."
)


@sensitive_post_parameters("code")
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """See how many recovery codes remain, and replace them all.

    Replacing needs a verified session and, again, a current code from the authenticator: a
    session left open on a shared computer is not enough to change the second factor.
    """
    user = request.user
    if not (_half_signed_in(request) and is_verified(user)):
        return _to(request, "staff:login", request.path)
    device = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    totp = StaffTOTPDevice.objects.filter(user=user, confirmed=True).first()
    form = SetupCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = _throttled(totp)
        if (
            totp is not None
            and wait is None
            and verify_token(user, totp.persistent_id, form.cleaned_data["code"])
        ):
            if device is None:
                device = RecoveryCodeDevice.objects.create(user=user, name="kode pemulihan")
            codes = device.generate()
            audit.record(
                actor=user,
                action="staff.recovery_codes_replaced",
                obj=user,
                ip=ratelimit.client_ip(request),
            )
            return _page(
                request,
                "staff/auth/recovery_codes.html",
                {"codes": codes, "next": _next_url(request), "first_time": False},
            )
        form.add_error("code", wait or str(WRONG_CODE))
    return _page(
        request,
        "staff/auth/recovery_status.html",
        {"remaining": device.remaining if device else 0, "form": form},
    )


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Change one's own password: the current one is required; other sessions end."""
    user: User = request.user  # type: ignore[assignment]
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        # This session stays signed in (with a new key); every other session of the user ends,
        # because Django ties sessions to a hash of the password.
        update_session_auth_hash(request, user)
        audit.record(
            actor=user, action="staff.password_changed", obj=user, ip=ratelimit.client_ip(request)
        )
        messages.success(request, _("Kata sandi Anda sudah diganti."))
        return HttpResponseRedirect(_next_url(request))
    return _page(request, "staff/auth/password_change.html", {"form": form})


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit.record(
            actor=request.user,
            action="staff.logout",
            obj=request.user,
            ip=ratelimit.client_ip(request),
        )
    logout(request)
    messages.info(request, _("Anda sudah keluar."))
    return redirect("staff:login")


@never_cache
@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    form = StaffPasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = ratelimit.client_ip(request)
        email = form.cleaned_data["email"].strip().lower()
        # Quietly drop floods; the page says the same thing either way, so it reveals nothing.
        if ratelimit.hit(f"reset:ip:{ip}", 10, 3600) and ratelimit.hit(
            f"reset:email:{email}", 3, 3600
        ):
            # Through the outbox like every message: a slow or dead mail server neither delays
            # this page nor loses the link; the worker sends it with retries.
            with transaction.atomic():
                for user in form.get_users(email):
                    notify_password_reset(user)
        return redirect("staff:password_reset_sent")
    return _page(request, "staff/auth/password_reset.html", {"form": form})


def password_reset_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "staff/auth/password_reset_sent.html")


def _user_from_uid(uidb64: str) -> User | None:
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        return User.objects.get(pk=pk, is_active=True)
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError, User.DoesNotExist):
        return None


@sensitive_post_parameters("new_password1", "new_password2", "code")
@never_cache
@require_http_methods(["GET", "POST"])
def password_reset_confirm(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """Set a new password from the emailed link. Never signs anyone in.

    An account with an authenticator must also give a current code (or a recovery code): whoever
    reads the mailbox cannot take the account over with the link alone.
    """
    user = _user_from_uid(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "staff/auth/password_reset_invalid.html", status=400)
    totp = StaffTOTPDevice.objects.filter(user=user, confirmed=True).first()
    form = NewPasswordForm(user, request.POST or None, needs_code=totp is not None)
    if request.method == "POST" and form.is_valid():
        code_ok = True
        if totp is not None:
            code = form.cleaned_data["code"].replace(" ", "")
            device: Any = totp
            if not (code.isdigit() and len(code) == StaffTOTPDevice.DIGITS):
                device = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
            wait = _throttled(device)
            code_ok = bool(
                device is not None
                and wait is None
                and verify_token(user, device.persistent_id, code)
            )
            if not code_ok:
                form.add_error("code", wait or str(WRONG_CODE))
        if code_ok:
            user.set_password(form.cleaned_data["new_password1"])
            user.save(update_fields=["password"])  # also ends every other session of the user
            audit.record(
                actor=user,
                action="staff.password_reset",
                obj=user,
                ip=ratelimit.client_ip(request),
            )
            messages.success(
                request, _("Kata sandi sudah diganti. Silakan masuk dengan kata sandi baru.")
            )
            return redirect("staff:login")
    return _page(request, "staff/auth/password_reset_confirm.html", {"form": form})
