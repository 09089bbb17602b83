"""The published agency score formula, kept as data an administrator can edit (DESIGN §8)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScoreFormula(models.Model):
    """Weights of the agency score and the thresholds of its predicates.

    The active row with the latest `valid_from` on or before a month's first day applies to that
    month, so changing the formula never rewrites last year's published scores.
    """

    name = models.CharField(_("nama"), max_length=120)
    weight_on_time = models.PositiveSmallIntegerField(
        _("bobot penyelesaian tepat waktu (%)"), default=50
    )
    weight_completion = models.PositiveSmallIntegerField(
        _("bobot tingkat penyelesaian (%)"), default=30
    )
    weight_satisfaction = models.PositiveSmallIntegerField(_("bobot kepuasan (%)"), default=20)
    valid_from = models.DateField(_("berlaku mulai"), default=timezone.localdate)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["-valid_from", "-id"]
        verbose_name = _("rumus nilai instansi")
        verbose_name_plural = _("rumus nilai instansi")
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_on_time__lte=100)
                & Q(weight_completion__lte=100)
                & Q(weight_satisfaction__lte=100),
                name="score_formula_weights_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        total = self.weight_on_time + self.weight_completion + self.weight_satisfaction
        if total != 100:
            raise ValidationError(
                _("Jumlah bobot harus 100%%; sekarang %(total)s%%.") % {"total": total}
            )

    def bands(self) -> list[tuple[str, Decimal]]:
        """The predicates, best first, each with the lowest score that earns it.

        A formula not yet saved (the built-in default), or one without rows, uses
        DEFAULT_PREDICATES.
        """
        saved = [(p.name, p.lowest_score) for p in self.predicates.all()] if self.pk else []
        # A formula without rows (made in code, or its rows lost) still names every score.
        return saved or list(DEFAULT_PREDICATES)


# The predicates a new formula starts with; a city may name them otherwise (A, B, C, D, E).
DEFAULT_PREDICATES: tuple[tuple[str, Decimal], ...] = (
    ("Sangat Baik", Decimal(90)),
    ("Baik", Decimal(80)),
    ("Sedang", Decimal(70)),
    ("Kurang", Decimal(0)),
)


class ScorePredicate(models.Model):
    """One named band of the score: `name` from `lowest_score` up to the next band (DESIGN §8).

    The city's own words, as its report states them: "Sangat Baik"/"Baik"/… or "A"/"B"/…. The
    band starting at 0 names every score below the others.
    """

    formula = models.ForeignKey(ScoreFormula, on_delete=models.CASCADE, related_name="predicates")
    name = models.CharField(_("predikat"), max_length=40)
    lowest_score = models.DecimalField(
        _("mulai dari nilai"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        ordering = ["formula", "-lowest_score"]
        verbose_name = _("predikat")
        verbose_name_plural = _("predikat")
        constraints = [
            models.UniqueConstraint(
                fields=["formula", "lowest_score"], name="score_predicate_one_per_threshold"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ≥ {float(self.lowest_score):g}"


class DailyRollup(models.Model):
    """Complaints received and completed per local day, per assigned node, for one breakdown.

    Dashboards read trends and breakdowns from these rows instead of counting a million complaints
    on every page view; rollups.py rebuilds them from the complaints (recent days by the worker,
    any range with `manage.py rebuild_rollups`).
    """

    class Dimension(models.TextChoices):
        ALL = "all", _("Semua")
        CATEGORY = "category", _("Kategori")
        AREA = "area", _("Wilayah")
        CHANNEL = "channel", _("Kanal")

    day = models.DateField()
    # complaint.assigned_path: the viewer's scope is a prefix match, like access.visible_complaints.
    node_path = models.CharField(max_length=255, blank=True)
    # complaint.agency; no database constraint, so deleting an agency never waits on statistics.
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    key = models.CharField(max_length=20, blank=True)
    received = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    rated_1 = models.PositiveIntegerField(default=0)
    rated_2 = models.PositiveIntegerField(default=0)
    rated_3 = models.PositiveIntegerField(default=0)
    rated_4 = models.PositiveIntegerField(default=0)
    rated_5 = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rekap harian")
        verbose_name_plural = _("rekap harian")
        indexes = [models.Index(fields=["dimension", "day"], name="rollup_dimension_day")]


class RollupState(models.Model):
    """When the roll-ups were last rebuilt, and up to which day (shown on dashboards)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    first_day = models.DateField(null=True, blank=True)
    last_day = models.DateField(null=True, blank=True)


class CompletionFigure(models.Model):
    """The durations of one completed complaint, computed once on its working calendar.

    A month's completion statistics are then aggregates in the database (figures.py). A row is
    fresh while the complaint's resolved_at and assigned_path equal the copies kept here.
    """

    complaint = models.OneToOneField(
        "complaints.Complaint", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    resolved_at = models.DateTimeField(db_index=True)
    node_path = models.CharField(max_length=255, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    hours = models.FloatField()
    working_days = models.FloatField()
    first_response_hours = models.FloatField(null=True)
    first_response_working_days = models.FloatField(null=True)
    band = models.PositiveSmallIntegerField()
    on_time = models.BooleanField(null=True)
    limit_amount = models.PositiveIntegerField(null=True)
    limit_unit = models.CharField(max_length=12, blank=True)

    class Meta:
        verbose_name = _("angka penyelesaian")
        verbose_name_plural = _("angka penyelesaian")


# ---------------------------------------------------------------------------------------------
# The report as a document (DESIGN §8): the institution's own words, the month's commentary, and
# the signed versions, each kept as the exact files that were signed.


class ReportPreface(models.Model):
    """The words every monthly report of one institution opens with, written once.

    `agency` None is the city's (the whole government's) report. An agency without its own
    preface uses the nearest one above it in the tree, ending with the city's.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("instansi"),
    )
    introduction = models.TextField(_("pendahuluan"), blank=True)
    legal_basis = models.TextField(_("dasar hukum"), blank=True)
    signing_place = models.CharField(_("tempat penandatanganan"), max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pengantar laporan")
        verbose_name_plural = _("pengantar laporan")
        constraints = [
            # One per institution, the city's (no agency) included.
            models.UniqueConstraint(
                Coalesce("agency", Value(0)), name="report_preface_one_per_institution"
            ),
        ]

    def __str__(self) -> str:
        return str(self.agency) if self.agency_id else str(_("Laporan kota"))


class ReportDocument(models.Model):
    """One month's report of one institution as the desk writes it: a draft, then final.

    While a draft, its commentary can change and its numbers are computed whenever it is viewed.
    Finalising writes a ReportVersion holding the files as signed; a correction makes it a draft
    again, to become the next version.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        FINAL = "final", _("Final")

    month = models.DateField(_("bulan"))  # its first day
    agency = models.ForeignKey(
        "agencies.Agency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("instansi"),
    )
    status = models.CharField(max_length=5, choices=Status.choices, default=Status.DRAFT)
    # Section key (aduan/reports/sections.py) → the desk's commentary under that section.
    commentary = models.JSONField(default=dict, blank=True)
    conclusions = models.TextField(_("kesimpulan"), blank=True)  # one per line
    follow_ups = models.TextField(_("saran tindak lanjut"), blank=True)  # one per line
    # Raised by every change, so that a form shown before someone else's change is refused.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dokumen laporan bulanan")
        verbose_name_plural = _("dokumen laporan bulanan")
        constraints = [
            models.UniqueConstraint(
                "month", Coalesce("agency", Value(0)), name="report_document_one_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.agency or ''}".strip()


class ReportVersion(models.Model):
    """A finalised, signed version of a monthly report: never changed, never deleted."""

    document = models.ForeignKey(ReportDocument, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField()
    signer_name = models.CharField(_("nama penanda tangan"), max_length=150)
    signer_position = models.CharField(_("jabatan"), max_length=200)
    signer_number = models.CharField(_("NIP"), max_length=18, blank=True)
    signed_on = models.DateField(_("tanggal"))
    note = models.TextField(_("catatan koreksi"), blank=True)
    # The words and headline figures as signed, for the list of versions; the files are the record.
    texts = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)
    finalised_at = models.DateTimeField()
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("versi laporan")
        verbose_name_plural = _("versi laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="report_version_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class ReportFile(models.Model):
    """One format of a signed version, stored as the bytes that were signed."""

    version = models.ForeignKey(ReportVersion, on_delete=models.PROTECT, related_name="files")
    format = models.CharField(max_length=4)
    file = models.FileField(upload_to="laporan/", max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("berkas laporan")
        verbose_name_plural = _("berkas laporan")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "format"], name="report_file_one_per_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.format}"
