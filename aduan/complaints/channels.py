"""Channels (kanal) as data: where complaints come in, each of a kind, edited by administrators.

A city names its own channels (JAKI, Twitter @kota, LAPOR 1708, Balai Warga...); filters, reports,
exports and open data show these names. A complaint stores its channel's code, so a row's code never
changes once complaints use it (the admin shows it read-only then, and a used channel cannot be
deleted, only switched off).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChannelKind(models.TextChoices):
    WEB = "web", _("Situs web")
    MESSAGING = "messaging", _("Pesan (WhatsApp, SMS, email)")
    SOCIAL = "social", _("Media sosial")
    PHONE = "phone", _("Telepon/112")
    WALK_IN = "walk_in", _("Datang langsung")
    LETTER = "letter", _("Surat")
    PARTNER = "partner", _("Aplikasi mitra")
    LAPOR = "lapor", _("SP4N-LAPOR!")
    API = "api", _("API")


# Kinds a citizen reaches by themselves (the website, the API, a partner's app); complaints from any
# other kind are recorded by the desk on the citizen's behalf.
SELF_SERVICE = frozenset({ChannelKind.WEB, ChannelKind.API, ChannelKind.PARTNER})
# Kinds through which the reporter may tell the desk that a resolution did not solve it.
TOLD_TO_STAFF = frozenset(
    {
        ChannelKind.MESSAGING,
        ChannelKind.SOCIAL,
        ChannelKind.PHONE,
        ChannelKind.WALK_IN,
        ChannelKind.LETTER,
    }
)


class ChannelQuerySet(models.QuerySet["Channel"]):
    def active(self) -> ChannelQuerySet:
        return self.filter(is_active=True)

    def names(self) -> dict[str, str]:
        """Code → the city's name, for reports and exports that hold codes."""
        return dict(self.values_list("code", "name"))


class Channel(models.Model):
    # Codes the software itself uses; the rows are written by migration 0009 with the other
    # initial channels, and administrators rename them as they like.
    WEB = "web"
    API = "api"
    LAPOR = "lapor"
    WHATSAPP = "whatsapp"
    SMS = "sms"
    EMAIL = "email"
    PHONE = "phone"
    SOCIAL = "social"
    WALK_IN = "walk_in"
    LETTER = "letter"

    code = models.SlugField(
        _("kode"),
        max_length=20,
        unique=True,
        help_text=_("Huruf kecil, angka, - atau _. Tidak dapat diubah setelah dipakai aduan."),
    )
    name = models.CharField(
        _("nama"), max_length=80, help_text=_("Nama yang tampil di laporan, misalnya JAKI.")
    )
    kind = models.CharField(_("jenis"), max_length=12, choices=ChannelKind.choices)
    usually_geotagged = models.BooleanField(
        _("biasanya berlokasi"),
        default=False,
        help_text=_("Laporan dari kanal ini biasanya membawa titik lokasi (aplikasi, situs web)."),
    )
    is_active = models.BooleanField(
        _("aktif"),
        default=True,
        help_text=_("Kanal nonaktif tidak ditawarkan lagi; aduan lamanya tetap memakai namanya."),
    )
    position = models.PositiveSmallIntegerField(_("urutan"), default=100)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("kanal")
        verbose_name_plural = _("kanal")

    def __str__(self) -> str:
        return self.name

    @property
    def is_self_service(self) -> bool:
        return self.kind in SELF_SERVICE


# The channels every installation starts with (DESIGN §1's list): code, name, kind, geotagged.
INITIAL = [
    (Channel.WEB, "Situs web", ChannelKind.WEB, True),
    (Channel.WHATSAPP, "WhatsApp", ChannelKind.MESSAGING, False),
    (Channel.SMS, "SMS", ChannelKind.MESSAGING, False),
    (Channel.EMAIL, "Email", ChannelKind.MESSAGING, False),
    (Channel.PHONE, "Telepon/112", ChannelKind.PHONE, False),
    (Channel.SOCIAL, "Media sosial", ChannelKind.SOCIAL, False),
    (Channel.WALK_IN, "Datang langsung", ChannelKind.WALK_IN, False),
    (Channel.LETTER, "Surat", ChannelKind.LETTER, False),
    (Channel.LAPOR, "SP4N-LAPOR!", ChannelKind.LAPOR, False),
    (Channel.API, "API", ChannelKind.API, True),
]
