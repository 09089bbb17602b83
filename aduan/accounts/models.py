"""People: staff and citizens share one user model; staff roles are memberships of an agency node."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """DESIGN §2. Leadership is a supervisor whose node is the whole government."""

    VERIFIER = "verifier", _("Verifikator")
    OFFICER = "officer", _("Petugas/Admin OPD")
    SUPERVISOR = "supervisor", _("Pimpinan")
    ADMINISTRATOR = "administrator", _("Administrator")
    DPO = "dpo", _("Pejabat Pelindungan Data")


class User(AbstractUser):  # type: ignore[django-manager-missing]
    """A person who signs in: staff (has memberships) or a citizen (has none)."""

    display_name = models.CharField(_("nama tampilan"), max_length=150, blank=True)
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

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


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
from aduan.accounts.devices import RecoveryCodeDevice, StaffTOTPDevice  # noqa: E402

__all__ = ["Membership", "RecoveryCodeDevice", "Role", "StaffTOTPDevice", "User"]
