"""Personal-data duties (UU 27/2022): consent, identity access log, data subject requests, breaches."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.lib.crypto import BlindIndexField, EncryptedTextField

# UU PDP: requests answered and breaches notified within 3 × 24 hours.
RESPONSE_WINDOW = timedelta(hours=72)


class Consent(models.Model):
    """The reporter agreed to a version of the privacy notice, at a time, through a channel."""

    reporter = models.ForeignKey(
        "complaints.Reporter", on_delete=models.CASCADE, related_name="consents"
    )
    notice_version = models.CharField(_("versi pemberitahuan"), max_length=20)
    channel = models.CharField(_("kanal"), max_length=10)
    given_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")


class IdentityAccess(models.Model):
    """One viewing or export of a reporter's personal data: who, when, what, why, from where."""

    class Kind(models.TextChoices):
        VIEW = "view", _("Dilihat")
        EXPORT = "export", _("Diekspor")
        CORRECTION = "correction", _("Dikoreksi")
        ANONYMISATION = "anonymisation", _("Dianonimkan")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="identity_accesses",
        verbose_name=_("petugas"),
    )
    user_label = models.CharField(_("petugas"), max_length=150)
    complaint = models.ForeignKey(
        "complaints.Complaint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="identity_accesses",
    )
    tracking_code = models.CharField(_("kode lacak"), max_length=15, blank=True)
    reporter = models.ForeignKey(
        "complaints.Reporter", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    fields = models.JSONField(_("data"), default=list)
    reason = models.CharField(_("alasan"), max_length=500)
    ip = models.GenericIPAddressField(null=True, blank=True)
    kind = models.CharField(_("jenis"), max_length=14, choices=Kind.choices, default=Kind.VIEW)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("akses identitas")
        verbose_name_plural = _("akses identitas")
        indexes = [models.Index(fields=["user", "created_at"], name="identity_access_user")]

    def __str__(self) -> str:
        return f"{self.user_label} {self.kind} {self.tracking_code}"


class DataSubjectRequest(models.Model):
    """A request from a data subject (access, correction, deletion) with its 3×24 h clock."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Akses dan salinan data")
        CORRECTION = "correction", _("Perbaikan data")
        DELETION = "deletion", _("Penghapusan/anonimisasi data")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        IN_PROGRESS = "in_progress", _("Diproses")
        COMPLETED = "completed", _("Selesai")
        REFUSED = "refused", _("Ditolak")

    kind = models.CharField(_("jenis permintaan"), max_length=10, choices=Kind.choices)
    # The requester's own details are personal data too.
    requester_name = EncryptedTextField(_("nama pemohon"), max_length=150)
    requester_email = EncryptedTextField(_("email pemohon"), max_length=254, blank=True)
    requester_phone = EncryptedTextField(_("telepon pemohon"), max_length=20, blank=True)
    requester_nik = EncryptedTextField(_("NIK pemohon"), max_length=16, blank=True)
    email_index = BlindIndexField(source="requester_email", kind="email")
    phone_index = BlindIndexField(source="requester_phone", kind="phone")
    nik_index = BlindIndexField(source="requester_nik", kind="nik")
    details = EncryptedTextField(_("rincian permintaan"), max_length=3000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("diterima"), default=timezone.now)
    due_at = models.DateTimeField(_("batas waktu"))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ditangani oleh"),
    )
    handled_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    outcome = EncryptedTextField(_("hasil"), max_length=3000, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        verbose_name = _("permintaan subjek data")
        verbose_name_plural = _("permintaan subjek data")

    def __str__(self) -> str:
        return f"PSD-{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.RECEIVED, self.Status.IN_PROGRESS)

    @property
    def is_overdue(self) -> bool:
        end = self.handled_at or timezone.now()
        return end > self.due_at


class Breach(models.Model):
    """A personal-data breach (kegagalan pelindungan data) and its 3×24 h notification clock."""

    discovered_at = models.DateTimeField(_("diketahui"), default=timezone.now)
    description = models.TextField(_("uraian kejadian"), max_length=5000)
    data_affected = models.CharField(_("data yang terdampak"), max_length=500, blank=True)
    affected_count = models.PositiveIntegerField(_("jumlah subjek data terdampak"), default=0)
    measures = models.TextField(_("langkah penanganan"), max_length=5000, blank=True)
    due_at = models.DateTimeField(_("batas pemberitahuan"))
    notified_at = models.DateTimeField(_("diberitahukan"), null=True, blank=True)
    notified_to = models.CharField(
        _("diberitahukan kepada"),
        max_length=300,
        blank=True,
        help_text=_("Subjek data dan lembaga pelindungan data pribadi."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("dicatat oleh"),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("insiden data pribadi")
        verbose_name_plural = _("insiden data pribadi")

    def __str__(self) -> str:
        return f"INS-{self.pk}"

    @property
    def is_overdue(self) -> bool:
        """Not notified in time: still unnotified past the due time, or notified late."""
        end = self.notified_at or timezone.now()
        return end > self.due_at
