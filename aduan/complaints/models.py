"""The complaint, its reporter, followers, attachments, timeline, supports and coordinations."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.agencies.models import Classification, Complexity, Step
from aduan.complaints.channels import Channel
from aduan.complaints.states import FINAL, GROUPS, OPEN_ORDERED, PUBLIC_LABELS, Group, Status
from aduan.lib.crypto import BlindIndexField, EncryptedTextField


class RejectReason(models.TextChoices):
    """DESIGN §4: reasons are a list, each shown to the citizen with what to do instead."""

    SPAM = "spam", _("Spam atau tidak pantas")
    INCOMPLETE = "incomplete", _("Tidak lengkap setelah diminta informasi")
    OUT_OF_SCOPE = "out_of_scope", _("Di luar kewenangan pemerintah daerah ini")
    NOT_GOVERNMENT = "not_government", _("Bukan urusan pemerintah")
    DUPLICATE = "duplicate", _("Duplikat aduan lain")


class CloseReason(models.TextChoices):
    CONFIRMED = "confirmed", _("Dikonfirmasi pelapor")
    NO_ANSWER = "no_answer", _("Tidak ada tanggapan pelapor")
    WITHDRAWN = "withdrawn", _("Dianggap dicabut (informasi tidak diberikan)")


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def in_group(self, group: str) -> ComplaintQuerySet:
        return self.filter(status__in=GROUPS[group])

    def open(self) -> ComplaintQuerySet:
        return self.exclude(status__in=FINAL)

    def published(self) -> ComplaintQuerySet:
        """What anyone holding its tracking code may read (DESIGN §4 "Publishing").

        Published by a person (the desk verifying it, the agency accepting it; actions.py sets
        published_at), never rahasia, never rejected. The one rule every public page goes through.
        """
        return self.filter(is_confidential=False, published_at__isnull=False).exclude(
            status=Status.REJECTED
        )

    def public(self) -> ComplaintQuerySet:
        """What may be listed on public pages, open data and suggestions: published, not merged away."""
        return self.published().exclude(status=Status.MERGED)

    def in_public_figures(self) -> ComplaintQuerySet:
        """What the public transparency numbers count: every complaint but rahasia or merged ones.

        Numbers carry no text or photo, so a complaint counts from the moment it is sent: the
        desk's backlog and its rejections are part of the record too.
        """
        return self.filter(is_confidential=False).exclude(status=Status.MERGED)

    def overdue(self, now: datetime | None = None) -> ComplaintQuerySet:
        return self.open().filter(due_at__lt=now or timezone.now(), paused_at__isnull=True)

    def assigned_within(self, path: str) -> ComplaintQuerySet:
        return self.filter(assigned_path__startswith=path)


class Reporter(models.Model):
    """Who raised a complaint. Kept apart from the complaint so identity can be locked away."""

    # Identity is encrypted at rest (aduan/lib/crypto.py); reading an attribute decrypts or raises
    # DecryptionError. Exact lookups go through the blind indexes: blind_lookup(Reporter, "phone", x).
    name = EncryptedTextField(_("nama"), max_length=150, blank=True)
    nik = EncryptedTextField(_("NIK"), max_length=16, blank=True)
    phone = EncryptedTextField(_("telepon/WhatsApp"), max_length=20, blank=True)
    email = EncryptedTextField(_("email"), max_length=254, blank=True)
    address = EncryptedTextField(_("alamat"), max_length=255, blank=True)
    # How the reporter reached the desk (a number, a handle, a post, a letter) and what they wrote
    # there: DESIGN §6 counts both as identity, so they live here, not on the complaint.
    channel_reference = EncryptedTextField(
        _("rujukan kanal"),
        max_length=500,
        blank=True,
        help_text=_("Nomor pengirim, akun media sosial, tautan unggahan, nomor surat."),
    )
    original_message = EncryptedTextField(_("pesan asli"), max_length=5000, blank=True)
    nik_index = BlindIndexField(source="nik", kind="nik")
    phone_index = BlindIndexField(source="phone", kind="phone")
    email_index = BlindIndexField(source="email", kind="email")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reporter_records",
    )
    language = models.CharField(max_length=5, default="id")
    phone_channel = models.CharField(
        _("pesan ke nomor telepon lewat"),
        max_length=10,
        choices=[("whatsapp", "WhatsApp"), ("sms", "SMS")],
        default="whatsapp",
    )
    created_at = models.DateTimeField(default=timezone.now)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pelapor")
        verbose_name_plural = _("pelapor")

    def __str__(self) -> str:
        return f"Pelapor #{self.pk}"

    @property
    def has_contact(self) -> bool:
        return bool(self.email or self.phone)

    IDENTITY_FIELDS = (
        "name",
        "nik",
        "phone",
        "email",
        "address",
        "channel_reference",
        "original_message",
    )

    def identity(self) -> dict[str, str]:
        """The decrypted identity; raises aduan.lib.crypto.DecryptionError, never shows garbage.

        Staff pages open it through aduan.privacy.identity.reveal(), which checks and logs.
        """
        return {field: getattr(self, field) for field in self.IDENTITY_FIELDS}


class Complaint(models.Model):
    tracking_code = models.CharField(_("kode lacak"), max_length=15, unique=True)
    classification = models.CharField(
        _("klasifikasi"), max_length=12, choices=Classification.choices
    )
    category = models.ForeignKey(
        "agencies.Category", on_delete=models.PROTECT, verbose_name=_("kategori")
    )
    complexity = models.CharField(
        _("kompleksitas"), max_length=8, choices=Complexity.choices, default=Complexity.MEDIUM
    )
    title = models.CharField(_("judul"), max_length=150)
    description = models.TextField(_("uraian"), max_length=5000)
    occurred_on = models.DateField(_("tanggal kejadian"), null=True, blank=True)
    occurred_time = models.CharField(_("waktu kejadian"), max_length=100, blank=True)
    parties_involved = models.CharField(_("pihak terlibat"), max_length=500, blank=True)
    area = models.ForeignKey(
        "agencies.Area",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("kelurahan/desa"),
    )
    address = models.CharField(_("alamat/lokasi"), max_length=300, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # Only the channel; where exactly it came from is the reporter's identity (Reporter). Stored as
    # the channel's code (the column is still "channel"), checked against the table.
    channel = models.ForeignKey(
        Channel,
        to_field="code",
        db_column="channel",
        on_delete=models.PROTECT,
        default=Channel.WEB,
        related_name="complaints",
        verbose_name=_("kanal"),
    )
    lapor_id = models.CharField(_("nomor SP4N-LAPOR!"), max_length=40, blank=True)
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    is_confidential = models.BooleanField(_("rahasia"), default=False)
    reporter = models.ForeignKey(
        Reporter, null=True, blank=True, on_delete=models.SET_NULL, related_name="complaints"
    )

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        default=Status.SUBMITTED,
        editable=False,
    )
    # Where needs_info returns to when the reporter answers.
    resume_status = models.CharField(max_length=12, choices=Status.choices, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("instansi"),
    )
    unit = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_complaints",
        verbose_name=_("unit kerja"),
    )
    # Tree path of the deepest node the complaint is assigned to; access is a prefix match.
    assigned_path = models.CharField(max_length=255, blank=True, db_index=True)

    step = models.CharField(_("tahap"), max_length=16, choices=Step.choices, blank=True)
    step_started_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(_("batas waktu"), null=True, blank=True)
    # While waiting for the citizen: when the wait began and the paused step's due time.
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_due_at = models.DateTimeField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)

    reject_reason = models.CharField(
        _("alasan penolakan"), max_length=16, choices=RejectReason.choices, blank=True
    )
    close_reason = models.CharField(
        _("alasan penutupan"), max_length=10, choices=CloseReason.choices, blank=True
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    rating = models.PositiveSmallIntegerField(_("penilaian"), null=True, blank=True)
    rating_comment = models.CharField(_("komentar penilaian"), max_length=1000, blank=True)
    support_count = models.PositiveIntegerField(_("dukungan"), default=0)
    # When a person at the desk or the agency first let the public see it (actions.py); None: not
    # public, whatever else is true. See ComplaintQuerySet.published().
    published_at = models.DateTimeField(_("tampil untuk umum sejak"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    created_at = models.DateTimeField(_("diajukan"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    verified_at = models.DateTimeField(null=True, blank=True)
    routed_at = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Working-time spent waiting for the citizen, excluded from completion time (seconds).
    paused_seconds = models.PositiveIntegerField(default=0)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        verbose_name = _("aduan")
        verbose_name_plural = _("aduan")
        indexes = [
            # The work queues. On PostgreSQL each index also carries the id, so a page of ids and
            # a bounded count read the index alone (SQLite's indexes hold the row id anyway).
            models.Index(fields=["status", "due_at"], name="complaint_status_due", include=["id"]),
            models.Index(
                fields=["assigned_path", "status", "due_at"],
                name="complaint_assigned",
                include=["id"],
            ),
            # An agency's overdue list: its open, unpaused complaints in due order, per node.
            models.Index(
                fields=["assigned_path", "due_at"],
                name="complaint_open_due",
                include=["id"],
                condition=Q(status__in=OPEN_ORDERED, paused_at__isnull=True),
            ),
            # The desk's most common filter: a category, with a status and/or "overdue".
            models.Index(
                fields=["category", "status", "due_at"],
                name="complaint_category_status",
                include=["id"],
            ),
            models.Index(fields=["category", "created_at"], name="complaint_category_created"),
            models.Index(fields=["area", "created_at"], name="complaint_area_created"),
            models.Index(
                fields=["-created_at"],
                name="complaint_public_recent",
                condition=Q(is_confidential=False, published_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @property
    def group(self) -> str:
        for group, members in GROUPS.items():
            if self.status in members:
                return group
        return Group.OPEN

    @property
    def public_status(self) -> str:
        return str(PUBLIC_LABELS[self.status])

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.due_at
            and self.paused_at is None
            and self.status not in FINAL
            and self.due_at < timezone.now()
        )

    @property
    def handler(self) -> object | None:
        return self.unit or self.agency


class Follower(models.Model):
    """Someone who receives a complaint's public events: its reporter, supporters, merged reporters."""

    class Source(models.TextChoices):
        REPORTER = "reporter", _("Pelapor")
        SUPPORT = "support", _("Pendukung")
        MERGE = "merge", _("Pelapor aduan yang digabungkan")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="followers")
    reporter = models.ForeignKey(
        Reporter, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="follows",
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    notify = models.BooleanField(_("kirim pemberitahuan"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(reporter__isnull=False) | Q(user__isnull=False),
                name="follower_has_someone",
            ),
            models.UniqueConstraint(
                fields=["complaint", "reporter"], name="follower_unique_reporter"
            ),
            models.UniqueConstraint(fields=["complaint", "user"], name="follower_unique_user"),
        ]


class TimelineEntry(models.Model):
    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Aduan diterima")
        VERIFIED = "verified", _("Diverifikasi")
        ROUTED = "routed", _("Didisposisikan")
        INFO_REQUESTED = "info_requested", _("Informasi diminta")
        INFO_PROVIDED = "info_provided", _("Informasi diberikan")
        REJECTED = "rejected", _("Ditolak")
        MERGED = "merged", _("Digabungkan")
        ACCEPTED = "accepted", _("Diterima instansi")
        UNIT_ROUTED = "unit_routed", _("Diteruskan ke unit")
        COORDINATION = "coordination", _("Permintaan koordinasi")
        RETURNED = "returned", _("Dikembalikan: bukan wewenang")
        UPDATE = "update", _("Tindak lanjut")
        NOTE = "note", _("Catatan internal")
        RESOLVED = "resolved", _("Penyelesaian diajukan")
        RESOLUTION_APPROVED = "resolution_approved", _("Penyelesaian disetujui")
        RESOLUTION_REJECTED = "resolution_rejected", _("Penyelesaian dikembalikan")
        CONFIRMED = "confirmed", _("Dikonfirmasi pelapor")
        DISPUTED = "disputed", _("Disanggah pelapor")
        CLOSED = "closed", _("Ditutup")
        REMINDER = "reminder", _("Pengingat")
        ESCALATION = "escalation", _("Eskalasi")
        IDENTITY_VIEWED = "identity_viewed", _("Identitas pelapor dibuka")
        PUBLISHED = "published", _("Tampil untuk umum")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    is_public = models.BooleanField(_("publik"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # What the public sees as the author: an agency's name, "Pelapor", "Sistem" — never a person.
    author_label = models.CharField(max_length=150, blank=True)
    message = models.TextField(blank=True, max_length=5000)
    # The reporter's own words (an answer, a rating comment, a dispute) are public only when they
    # chose so; the event itself is still on the public timeline. Read it through public_message.
    message_public = models.BooleanField(_("teks publik"), default=True)
    status_before = models.CharField(max_length=12, blank=True)
    status_after = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("linimasa")
        verbose_name_plural = _("linimasa")
        indexes = [
            models.Index(fields=["complaint", "created_at"], name="timeline_complaint"),
            # The staff console's disputes queue starts from the (rare) disputed entries.
            models.Index(
                fields=["complaint"], name="timeline_disputed", condition=Q(kind="disputed")
            ),
            # The desk's queues of answered questions and returned complaints start from these.
            models.Index(
                fields=["complaint"],
                name="timeline_desk_events",
                condition=Q(kind__in=["info_provided", "returned"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.kind}"

    @property
    def public_message(self) -> str:
        """The text the public may read: empty when its writer kept it between them and staff."""
        return self.message if self.is_public and self.message_public else ""


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PHOTO = "photo", _("Foto")
        BEFORE = "before", _("Foto sebelum")
        AFTER = "after", _("Foto sesudah")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    timeline_entry = models.ForeignKey(
        TimelineEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.PHOTO)
    file = models.FileField(upload_to="lampiran/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    is_public = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")


class Support(models.Model):
    """A "dukung" (+1): once per user or browser."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    browser_key = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "user"],
                name="support_once_per_user",
                condition=Q(user__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["complaint", "browser_key"],
                name="support_once_per_browser",
                condition=~Q(browser_key=""),
            ),
        ]


class Coordination(models.Model):
    """One agency asking another for help while keeping the case."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="coordinations")
    requested_by = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="coordinations_requested"
    )
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="coordinations"
    )
    # Copy of agency.path so that access is one prefix match, like assigned_path.
    agency_path = models.CharField(max_length=255, db_index=True)
    message = models.TextField(max_length=2000)
    is_open = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("koordinasi")
        verbose_name_plural = _("koordinasi")


class ResponseTemplate(models.Model):
    """A reusable reply, per category and status, edited by administrators."""

    title = models.CharField(_("judul"), max_length=120)
    body = models.TextField(_("isi"), max_length=3000)
    category = models.ForeignKey(
        "agencies.Category",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("kategori"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("templat tanggapan")
        verbose_name_plural = _("templat tanggapan")

    def __str__(self) -> str:
        return self.title
