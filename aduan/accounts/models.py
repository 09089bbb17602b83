"""People: staff and citizens share one user model; staff roles are memberships of an agency node."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aduan.lib.crypto import BlindIndexField, EncryptedTextField


class Role(models.TextChoices):
    """DESIGN §2. Leadership is a supervisor whose node is the whole government."""

    VERIFIER = "verifier", _("Verifikator")
    OFFICER = "officer", _("Petugas/Admin OPD")
    SUPERVISOR = "supervisor", _("Pimpinan")
    ADMINISTRATOR = "administrator", _("Administrator")
    DPO = "dpo", _("Pejabat Pelindungan Data")


class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A person who signs in: staff (has memberships) or a citizen (has none).

    Staff sign in by username and keep their name and email in the plain columns. A citizen's name,
    email and phone are identity (DESIGN §6): encrypted in the citizen_* columns, found through
    their blind indexes (aduan/accounts/citizens.py), while the username is an opaque reference
    that names them in the audit chain and survives the erasure of everything else.
    """

    display_name = models.CharField(_("nama tampilan"), max_length=150, blank=True)
    citizen_name = EncryptedTextField(_("nama warga"), max_length=150, blank=True)
    citizen_email = EncryptedTextField(_("email warga"), max_length=254, blank=True)
    citizen_phone = EncryptedTextField(_("nomor HP warga"), max_length=20, blank=True)
    citizen_email_index = BlindIndexField(source="citizen_email", kind="email")
    citizen_phone_index = BlindIndexField(source="citizen_phone", kind="phone")
    language = models.CharField(
        _("bahasa"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )
    is_citizen = models.BooleanField(_("akun warga"), default=False)

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        constraints = [
            # One account per contact; the index is what sign-up and sign-in look up.
            models.UniqueConstraint(
                fields=["citizen_email_index"],
                condition=~Q(citizen_email_index=""),
                name="user_unique_citizen_email",
            ),
            models.UniqueConstraint(
                fields=["citizen_phone_index"],
                condition=~Q(citizen_phone_index=""),
                name="user_unique_citizen_phone",
            ),
        ]

    def __str__(self) -> str:
        # A citizen's name is encrypted and never shown in passing: they are their reference here.
        return self.display_name or self.get_full_name() or self.username

    @property
    def address_for_email(self) -> str:
        """Where email to this person goes: a citizen's (decrypted) address, or staff's User.email."""
        return self.citizen_email if self.is_citizen else self.email


class Membership(models.Model):
    """A staff role at one node of the agency tree; the role covers that node's whole subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("instansi/unit"),
    )
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices)
    can_view_identity = models.BooleanField(
        _("boleh membuka identitas pelapor"),
        default=False,
        help_text=_("Setiap pembukaan identitas meminta alasan dan dicatat."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} {self.agency}"


# Second factors live in their own module; imported here so that Django registers the models.
from aduan.accounts.apikeys import ApiKey  # noqa: E402
from aduan.accounts.devices import RecoveryCodeDevice, StaffTOTPDevice  # noqa: E402

__all__ = ["ApiKey", "Membership", "RecoveryCodeDevice", "Role", "StaffTOTPDevice", "User"]
