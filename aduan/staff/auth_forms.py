"""Forms of the staff sign-in, two-factor and password-reset pages (validation only)."""

from __future__ import annotations

import copy
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from aduan.accounts.models import User


class SignInForm(forms.Form):
    username = forms.CharField(
        label=_("Nama pengguna"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Kata sandi"),
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=20,
        help_text=_("6 angka dari aplikasi autentikator, atau salah satu kode pemulihan Anda."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()


class SetupCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode dari aplikasi"),
        max_length=8,
        help_text=_("6 angka yang ditampilkan aplikasi autentikator sekarang."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Masukkan 6 angka dari aplikasi autentikator."))
        return code


class StaffPasswordResetForm(PasswordResetForm):
    """Django's reset form, limited to active staff accounts (citizens reset elsewhere)."""

    def get_users(self, email: str) -> Any:
        for user in super().get_users(email):
            if not user.is_citizen and (user.memberships.exists() or user.is_staff):
                yield user


class NewPasswordForm(forms.Form):
    """A new password, and the second factor when the account has one: email alone is not enough."""

    new_password1 = forms.CharField(
        label=_("Kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Paling sedikit 10 karakter; jangan memakai kata sandi yang umum."),
    )
    new_password2 = forms.CharField(
        label=_("Ulangi kata sandi baru"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: User, *args: Any, needs_code: bool = False, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        if needs_code:
            self.fields["code"] = copy.deepcopy(CodeForm.base_fields["code"])

    def clean_new_password2(self) -> str:
        first = self.cleaned_data.get("new_password1")
        second = self.cleaned_data["new_password2"]
        if first and first != second:
            raise forms.ValidationError(_("Kedua kata sandi tidak sama."))
        password_validation.validate_password(second, self.user)
        return str(second)
