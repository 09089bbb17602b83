"""Agencies and their units (one tree), areas, categories, routing rules, deadline targets, holidays."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Classification(models.TextChoices):
    """DESIGN §3. The code uses these values; the UI uses the labels."""

    INFORMATION = "information", _("Permintaan informasi")
    ASPIRATION = "aspiration", _("Aspirasi")
    COMPLAINT = "complaint", _("Pengaduan")
    MISCONDUCT = "misconduct", _("Pengaduan berkadar pengawasan")


class Complexity(models.TextChoices):
    LIGHT = "light", _("Ringan")
    MEDIUM = "medium", _("Sedang")
    HEAVY = "heavy", _("Berat")


class AreaLevel(models.TextChoices):
    PROVINCE = "province", _("Provinsi")
    REGENCY = "regency", _("Kabupaten/Kota")
    DISTRICT = "district", _("Kecamatan")
    VILLAGE = "village", _("Kelurahan/Desa")


class Area(models.Model):
    """A Kemendagri region, keyed by its official code (36.71.01.1001)."""

    code = models.CharField(_("kode wilayah"), max_length=13, primary_key=True)
    name = models.CharField(_("nama"), max_length=100)
    level = models.CharField(_("tingkat"), max_length=10, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Simplified outline as an SVG path in a 0..1000 box, for server-drawn maps (optional).
    shape = models.TextField(_("bentuk (SVG path)"), blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def depth(self) -> int:
        return self.code.count(".")


class AgencyQuerySet(models.QuerySet["Agency"]):
    def subtree(self, node: Agency) -> AgencyQuerySet:
        return self.filter(path__startswith=node.path)

    def top_level(self) -> AgencyQuerySet:
        return self.filter(parent__isnull=True)


def ancestor_paths(path: str) -> list[str]:
    """Every tree path from the top down to this one: "/1/3/5/" gives /1/, /1/3/ and /1/3/5/."""
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]


class Agency(models.Model):
    """An agency (OPD) or one of its units: agencies and units form one tree of any depth."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Pemerintah daerah")
        DESK = "desk", _("Pengelola pengaduan")
        AGENCY = "agency", _("Dinas/Badan")
        DISTRICT = "district", _("Kecamatan")
        VILLAGE = "village", _("Kelurahan/Desa")
        ENTERPRISE = "enterprise", _("BUMD")
        UNIT = "unit", _("Bidang/UPT/Seksi")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=150)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    kind = models.CharField(_("jenis"), max_length=12, choices=Kind.choices, default=Kind.AGENCY)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("induk"),
    )
    # Materialised path ("/3/17/"): subtree reads are one indexed prefix match at any depth.
    path = models.CharField(max_length=255, editable=False, db_index=True)
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("wilayah")
    )
    review_required = models.BooleanField(
        _("penyelesaian diperiksa verifikator"),
        default=True,
        help_text=_("Penyelesaian harus disetujui sebelum ditampilkan selesai kepada pelapor."),
    )
    working_days = models.CharField(
        _("hari kerja"),
        max_length=7,
        default="12345",
        help_text=_("Angka hari kerja, Senin=1 … Minggu=7. Contoh: 12345 atau 123456."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("instansi/unit")
        verbose_name_plural = _("instansi dan unit")

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The path is derived data that must never disagree with parent; keeping it here is the
        # one place every write passes. Moving a node re-paths its subtree.
        old_path = self.path
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {}
        self.path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in Agency.objects.filter(parent=self):
                child.save()

    @property
    def top(self) -> Agency:
        """The top-level agency this node belongs to (itself for an agency)."""
        if self.parent_id is None or self.kind != self.Kind.UNIT:
            return self
        node: Agency = self
        while node.parent is not None and node.kind == self.Kind.UNIT:
            node = node.parent
        return node

    def is_within(self, other: Agency) -> bool:
        return self.path.startswith(other.path)


class Category(models.Model):
    """What a complaint is about (a tagar), with its defaults and flags."""

    slug = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    group = models.CharField(_("kelompok"), max_length=60)
    description = models.CharField(_("penjelasan singkat"), max_length=255, blank=True)
    default_classification = models.CharField(
        _("klasifikasi bawaan"),
        max_length=12,
        choices=Classification.choices,
        default=Classification.COMPLAINT,
    )
    complexity = models.CharField(
        _("kompleksitas"), max_length=8, choices=Complexity.choices, default=Complexity.MEDIUM
    )
    is_sensitive = models.BooleanField(
        _("sensitif"), default=False, help_text=_("Otomatis rahasia dan anonim.")
    )
    evidence_required = models.BooleanField(_("wajib foto bukti sebelum/sesudah"), default=False)
    is_emergency = models.BooleanField(_("darurat"), default=False)
    hotline_text = models.CharField(_("teks nomor darurat"), max_length=200, blank=True)
    is_urgent = models.BooleanField(_("mendesak (dihitung dalam jam, 24/7)"), default=False)
    auto_route = models.BooleanField(_("disposisi otomatis"), default=False)
    asks_for_nik = models.BooleanField(_("meminta NIK"), default=False)
    review_required = models.BooleanField(
        _("penyelesaian diperiksa verifikator"),
        null=True,
        blank=True,
        help_text=_("Kosong: ikuti pengaturan instansi."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("urutan"), default=100)

    class Meta:
        ordering = ["group", "sort_order", "name"]
        verbose_name = _("kategori")
        verbose_name_plural = _("kategori")

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """Category and/or area → agency or unit. The most specific matching rule wins (routing.py)."""

    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("kategori")
    )
    area = models.ForeignKey(
        Area, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("wilayah")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, verbose_name=_("instansi/unit tujuan")
    )
    note = models.CharField(_("catatan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("aturan disposisi")
        verbose_name_plural = _("aturan disposisi")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "area"], name="routing_rule_unique_category_area"
            ),
            models.CheckConstraint(
                condition=Q(category__isnull=False) | Q(area__isnull=False),
                name="routing_rule_has_category_or_area",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} @ {self.area or '*'} → {self.agency}"


class Step(models.TextChoices):
    """The clocked steps of a complaint's life (DESIGN §3)."""

    VERIFICATION = "verification", _("Verifikasi dan disposisi")
    FIRST_RESPONSE = "first_response", _("Tindak lanjut pertama")
    COMPLETION = "completion", _("Penyelesaian")
    REVIEW = "review", _("Pemeriksaan penyelesaian")
    CITIZEN_REPLY = "citizen_reply", _("Jawaban pelapor")
    CONFIRMATION = "confirmation", _("Konfirmasi pelapor")


class DeadlineRule(models.Model):
    """A time limit for a step; the most specific matching row applies (deadlines.py).

    Defaults from DESIGN §3 are rows created by a migration, so administrators can change them.
    """

    class Unit(models.TextChoices):
        WORKING_DAYS = "working_days", _("hari kerja")
        HOURS = "hours", _("jam (24/7)")

    step = models.CharField(_("tahap"), max_length=16, choices=Step.choices)
    classification = models.CharField(
        _("klasifikasi"), max_length=12, choices=Classification.choices, blank=True
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("kategori")
    )
    complexity = models.CharField(
        _("kompleksitas"), max_length=8, choices=Complexity.choices, blank=True
    )
    amount = models.PositiveIntegerField(_("batas"))
    unit = models.CharField(
        _("satuan"), max_length=12, choices=Unit.choices, default=Unit.WORKING_DAYS
    )

    class Meta:
        verbose_name = _("batas waktu")
        verbose_name_plural = _("batas waktu")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="deadline_rule_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.amount} {self.get_unit_display()}"


class Holiday(models.Model):
    """An administrator's change to the national calendar: an extra day off, or a day that is not."""

    class Kind(models.TextChoices):
        ADD = "add", _("Tambahan hari libur")
        REMOVE = "remove", _("Bukan hari libur (hari kerja)")

    date = models.DateField(_("tanggal"), unique=True)
    name = models.CharField(_("keterangan"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=6, choices=Kind.choices, default=Kind.ADD)

    class Meta:
        ordering = ["date"]
        verbose_name = _("hari libur")
        verbose_name_plural = _("hari libur")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.name}"


class DutyShift(models.Model):
    """An officer on duty (piket) for an agency or unit over nights, weekends or holidays.

    Urgent complaints that reach the node (or a unit below it) outside working hours are also sent
    to whoever is on duty then (agencies/duty.py). Instants are stored in UTC, shown in TIME_ZONE.
    """

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="duty_shifts",
        verbose_name=_("instansi/unit"),
    )
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="duty_shifts",
        verbose_name=_("petugas piket"),
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    phone_note = models.CharField(
        _("catatan telepon"),
        max_length=120,
        blank=True,
        help_text=_("Opsional, mis. nomor HP yang bisa dihubungi selama piket."),
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("jadwal piket")
        verbose_name_plural = _("jadwal piket")
        indexes = [models.Index(fields=["ends_at", "starts_at"], name="duty_shift_period")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="duty_shift_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.agency}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from aduan.agencies.duty import is_staff_of

        errors: dict[str, Any] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Waktu selesai harus sesudah waktu mulai.")
        if self.agency_id and self.user_id:
            if not is_staff_of(self.user, self.agency):
                errors["user"] = _(
                    "%(user)s bukan petugas %(agency)s. Piket hanya dapat diisi oleh petugas, "
                    "pimpinan atau verifikator yang terdaftar di instansi/unit ini atau di atasnya."
                ) % {"user": self.user, "agency": self.agency}
            elif "ends_at" not in errors and self.starts_at and self.ends_at:
                clash = (
                    DutyShift.objects.filter(
                        user_id=self.user_id, starts_at__lt=self.ends_at, ends_at__gt=self.starts_at
                    )
                    .exclude(pk=self.pk)
                    .select_related("agency")
                    .first()
                )
                if clash is not None:
                    errors["starts_at"] = _(
                        "%(user)s sudah terjadwal piket di %(agency)s pada waktu yang bertabrakan "
                        "(%(start)s – %(end)s)."
                    ) % {
                        "user": self.user,
                        "agency": clash.agency,
                        "start": _local(clash.starts_at),
                        "end": _local(clash.ends_at),
                    }
        if errors:
            raise ValidationError(errors)


def _local(moment: Any) -> str:
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%d-%m-%Y %H.%M")
