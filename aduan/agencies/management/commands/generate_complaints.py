"""`manage.py generate_complaints --count N`: large synthetic data for benchmarks, written in bulk.

The rows are consistent (statuses, timestamps in order, assignments under the agency tree, unique
tracking codes, 2–4 timeline entries each) but they are NOT made through the actions: a million
complaints through the actions would take hours. For the same reason no audit entries and no
outbox rows are written: these events never happened, and the audit chain is the system's evidence
of what people really did, so invented entries do not belong in it. Reporters are left empty.

Rows are inserted with explicit ids in batches through the database cursor (the same column lists
Django uses, every column we do not set gets its model default), so run it on a database nobody
else is writing to at the same time.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from aduan.agencies.demo import stories
from aduan.agencies.models import Agency, Area, Category, Classification, Step
from aduan.agencies.routing import complaint_desk, suggest_agency
from aduan.complaints.channels import Channel
from aduan.complaints.models import CloseReason, Complaint, RejectReason, TimelineEntry
from aduan.complaints.states import Status
from aduan.lib.codes import new_code

S = Status
Kind = TimelineEntry.Kind
DAY = 86400.0
HOUR = 3600.0
SPAN_DAYS = 365
BATCH = 10_000

# Working days in calendar days (5 working days ≈ 7 calendar days); close enough for benchmarks.
WD = 7 / 5 * DAY
COMPLETION_WD: dict[str, int] = {
    Classification.INFORMATION: 5,
    Classification.ASPIRATION: 5,
    Classification.COMPLAINT: 14,
    Classification.MISCONDUCT: 60,
}
# (max age in days, [(status, weight)]): recent complaints are mostly open, old ones closed.
FATES: list[tuple[float, list[tuple[str, int]]]] = [
    (
        3,
        [
            (S.SUBMITTED, 30),
            (S.NEEDS_INFO, 10),
            (S.ROUTED, 25),
            (S.IN_PROGRESS, 30),
            (S.REJECTED, 5),
        ],
    ),
    (
        30,
        [
            (S.SUBMITTED, 3),
            (S.NEEDS_INFO, 5),
            (S.ROUTED, 8),
            (S.IN_PROGRESS, 30),
            (S.UNDER_REVIEW, 8),
            (S.RESOLVED, 12),
            (S.CLOSED, 25),
            (S.REJECTED, 6),
            (S.MERGED, 3),
        ],
    ),
    (
        SPAN_DAYS + 1,
        [
            (S.IN_PROGRESS, 4),
            (S.UNDER_REVIEW, 1),
            (S.RESOLVED, 2),
            (S.CLOSED, 80),
            (S.REJECTED, 9),
            (S.MERGED, 4),
        ],
    ),
]
CHANNELS = [Channel.WEB] * 60 + [Channel.WHATSAPP] * 15 + [Channel.PHONE] * 8
CHANNELS += [Channel.SOCIAL] * 8 + [Channel.WALK_IN] * 3 + [Channel.EMAIL] * 3
CHANNELS += [Channel.LETTER] * 1 + [Channel.LAPOR] * 2
REJECT_REASONS = [RejectReason.OUT_OF_SCOPE, RejectReason.NOT_GOVERNMENT, RejectReason.SPAM]


@dataclass(frozen=True)
class Target:
    agency_id: int | None
    unit_id: int | None
    path: str
    label: str


class Writer:
    """Inserts rows of one model with explicit values for chosen columns and defaults for the rest."""

    def __init__(self, model: type[models.Model], columns: list[str]) -> None:
        fields = list(model._meta.concrete_fields)
        by_attname = {f.attname: f for f in fields}
        unknown = set(columns) - set(by_attname)
        if unknown:
            raise CommandError(f"{model.__name__} has no column(s) {sorted(unknown)}")
        self.columns = columns
        # An automatic id left out is numbered by the database.
        self.rest = [
            f
            for f in fields
            if f.attname not in columns
            and not (f.primary_key and f.get_internal_type().endswith("AutoField"))
        ]
        # Columns we do not set get the model default, prepared once for the database.
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in self.rest)
        names = [by_attname[c].column for c in columns] + [f.column for f in self.rest]
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.quoted = ", ".join(connection.ops.quote_name(n) for n in names)
        self.marks = ", ".join(["%s"] * len(names))

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY is several times faster than INSERT for large batches.
                with cursor.cursor.copy(f"COPY {self.table} ({self.quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + self.defaults)
            else:
                cursor.executemany(
                    f"INSERT INTO {self.table} ({self.quoted}) VALUES ({self.marks})",  # noqa: S608 (names from the model, values bound)
                    [row + self.defaults for row in rows],
                )


COMPLAINT_COLUMNS = [
    "id",
    "tracking_code",
    "classification",
    "category_id",
    "complexity",
    "title",
    "description",
    "area_id",
    "address",
    "latitude",
    "longitude",
    "channel_id",
    "is_anonymous",
    "is_confidential",
    "status",
    "resume_status",
    "agency_id",
    "unit_id",
    "assigned_path",
    "step",
    "step_started_at",
    "due_at",
    "paused_at",
    "paused_due_at",
    "reject_reason",
    "close_reason",
    "merged_into_id",
    "rating",
    "version",
    "created_at",
    "updated_at",
    "verified_at",
    "routed_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "published_at",
]
TIMELINE_COLUMNS = [
    "complaint_id",
    "kind",
    "is_public",
    "author_label",
    "message",
    "status_before",
    "status_after",
    "created_at",
    "message_public",
]


class Generator:
    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now.timestamp()
        sqlite = connection.vendor == "sqlite"
        # SQLite stores naive UTC text (what Django writes); PostgreSQL takes aware datetimes.
        self.when = self._sqlite_time if sqlite else self._aware_time
        self.decimal = (lambda d: str(d)) if sqlite else (lambda d: d)
        self.categories = list(Category.objects.filter(is_active=True))
        if not self.categories:
            raise CommandError(
                "There are no categories to file complaints under. Run `manage.py load_demo` first."
            )
        self.areas: list[Area | None] = list(Area.objects.filter(level="village"))
        self.areas = self.areas or list(Area.objects.all()) or [None]
        self.desk = complaint_desk()
        fallback = (
            Agency.objects.exclude(kind__in=[Agency.Kind.DESK, Agency.Kind.GOVERNMENT])
            .order_by("path")
            .first()
        )
        if fallback is None:
            raise CommandError(
                "There are no agencies to route complaints to. Run `manage.py load_demo` first."
            )
        self.targets: dict[tuple[int, str | None], Target] = {}
        for category in self.categories:
            for area in self.areas:
                node = suggest_agency(category, area) or fallback
                top = node.top
                self.targets[(category.pk, area.pk if area else None)] = Target(
                    agency_id=top.pk,
                    unit_id=node.pk if node.pk != top.pk else None,
                    path=node.path,
                    label=str(node),
                )
        self.texts = {
            c.pk: stories.REPORTS.get(c.slug) or [(c.name, f"Laporan warga tentang {c.name}.")]
            for c in self.categories
        }
        self.places = [p for places in stories.PLACES.values() for p in places] or ["jalan utama"]

    @staticmethod
    def _sqlite_time(ts: float | None) -> str | None:
        if ts is None:
            return None
        return datetime.fromtimestamp(ts, UTC).replace(tzinfo=None).isoformat(" ")

    @staticmethod
    def _aware_time(ts: float | None) -> datetime | None:
        return None if ts is None else datetime.fromtimestamp(ts, UTC)

    def _fate(self, age_days: float) -> str:
        for limit, choices in FATES:
            if age_days < limit:
                values, weights = zip(*choices, strict=True)
                return self.rng.choices(values, weights=weights)[0]
        return S.CLOSED

    def complaint(self, pk: int, code: str, first_pk: int) -> tuple[tuple[Any, ...], list[tuple]]:
        """One complaint row and its timeline rows."""
        r = self.rng
        created = self.now - r.random() * SPAN_DAYS * DAY
        age_days = (self.now - created) / DAY
        status = self._fate(age_days)
        category = r.choice(self.categories)
        area = r.choice(self.areas)
        target = self.targets[(category.pk, area.pk if area else None)]
        classification = category.default_classification
        title, description = r.choice(self.texts[category.pk])
        place = r.choice(self.places)
        # The chain of moments, squeezed to fit between submission and now.
        gaps = [r.uniform(1, 72) * HOUR, r.uniform(1, 120) * HOUR]
        gaps += [r.uniform(24, 480) * HOUR, r.uniform(2, 72) * HOUR, r.uniform(2, 240) * HOUR]
        room = (self.now - created) * 0.95
        squeeze = min(1.0, room / sum(gaps))
        routed = created + gaps[0] * squeeze
        first_response = routed + gaps[1] * squeeze
        resolved_at = first_response + gaps[2] * squeeze
        approved = resolved_at + gaps[3] * squeeze
        closed = approved + gaps[4] * squeeze

        row: dict[str, Any] = {
            "agency_id": None,
            "unit_id": None,
            "assigned_path": "",
            "verified_at": None,
            "routed_at": None,
            "first_response_at": None,
            "resolved_at": None,
            "closed_at": None,
            "step": "",
            "step_started_at": None,
            "due_at": None,
            "paused_at": None,
            "paused_due_at": None,
            "resume_status": "",
            "reject_reason": "",
            "close_reason": "",
            "merged_into_id": None,
            "rating": None,
        }
        timeline = [(Kind.SUBMITTED, True, "Pelapor", "", "", S.SUBMITTED, created)]
        routed_states = {S.ROUTED, S.IN_PROGRESS, S.UNDER_REVIEW, S.RESOLVED, S.CLOSED}
        if status in routed_states:
            row.update(
                agency_id=target.agency_id,
                unit_id=target.unit_id,
                assigned_path=target.path,
                verified_at=routed,
                routed_at=routed,
            )
            timeline.append(
                (
                    Kind.VERIFIED,
                    True,
                    "Verifikator",
                    f"Aduan diteruskan ke {target.label}.",
                    S.SUBMITTED,
                    S.ROUTED,
                    routed,
                )
            )
        completion = COMPLETION_WD.get(classification, 14) * WD
        last = created
        if status == S.SUBMITTED:
            row.update(step=Step.VERIFICATION, step_started_at=created, due_at=created + 3 * WD)
            timeline.append(
                (
                    Kind.NOTE,
                    False,
                    "Verifikator",
                    "Sedang diperiksa.",
                    S.SUBMITTED,
                    S.SUBMITTED,
                    routed,
                )
            )
            last = routed
        elif status == S.NEEDS_INFO:
            asked = routed
            row.update(
                step=Step.CITIZEN_REPLY,
                step_started_at=asked,
                due_at=asked + 5 * WD,
                paused_at=asked,
                paused_due_at=created + 3 * WD,
                resume_status=S.SUBMITTED,
            )
            timeline.append(
                (
                    Kind.INFO_REQUESTED,
                    True,
                    "Verifikator",
                    stories.QUESTIONS[0],
                    S.SUBMITTED,
                    S.NEEDS_INFO,
                    asked,
                )
            )
            last = asked
        elif status == S.REJECTED:
            row.update(reject_reason=r.choice(REJECT_REASONS), closed_at=routed)
            timeline.append(
                (Kind.REJECTED, True, "Verifikator", "", S.SUBMITTED, S.REJECTED, routed)
            )
            last = routed
        elif status == S.MERGED:
            row.update(
                closed_at=routed,
                merged_into_id=r.randint(first_pk, pk - 1) if pk > first_pk else None,
            )
            timeline.append((Kind.MERGED, True, "Verifikator", "", S.SUBMITTED, S.MERGED, routed))
            last = routed
        elif status == S.ROUTED:
            row.update(step=Step.FIRST_RESPONSE, step_started_at=routed, due_at=routed + 5 * WD)
            last = routed
        else:
            row["first_response_at"] = first_response
            timeline.append(
                (Kind.ACCEPTED, True, target.label, "", S.ROUTED, S.IN_PROGRESS, first_response)
            )
            last = first_response
            if status == S.IN_PROGRESS:
                row.update(
                    step=Step.COMPLETION, step_started_at=first_response, due_at=routed + completion
                )
                if r.random() < 0.5:
                    update_at = first_response + (self.now - first_response) * r.random() * 0.9
                    timeline.append(
                        (
                            Kind.UPDATE,
                            True,
                            target.label,
                            stories.GENERIC_UPDATES[0],
                            S.IN_PROGRESS,
                            S.IN_PROGRESS,
                            update_at,
                        )
                    )
                    last = update_at
            elif status == S.UNDER_REVIEW:
                row.update(
                    step=Step.REVIEW, step_started_at=resolved_at, due_at=resolved_at + 3 * WD
                )
                timeline.append(
                    (
                        Kind.RESOLVED,
                        False,
                        target.label,
                        stories.GENERIC_RESOLUTION,
                        S.IN_PROGRESS,
                        S.UNDER_REVIEW,
                        resolved_at,
                    )
                )
                last = resolved_at
            elif status == S.RESOLVED:
                row.update(
                    resolved_at=approved,
                    step=Step.CONFIRMATION,
                    step_started_at=approved,
                    due_at=approved + 10 * WD,
                )
                timeline[-1] = (
                    Kind.RESOLVED,
                    True,
                    target.label,
                    stories.GENERIC_RESOLUTION,
                    S.IN_PROGRESS,
                    S.UNDER_REVIEW,
                    resolved_at,
                )
                timeline.append(
                    (
                        Kind.RESOLUTION_APPROVED,
                        False,
                        "Verifikator",
                        "",
                        S.UNDER_REVIEW,
                        S.RESOLVED,
                        approved,
                    )
                )
                last = approved
            else:  # closed
                confirmed = r.random() < 0.75
                rating = r.choices([5, 4, 3, 2, 1], weights=[40, 30, 15, 10, 5])[0]
                row.update(
                    resolved_at=approved,
                    closed_at=closed,
                    close_reason=CloseReason.CONFIRMED if confirmed else CloseReason.NO_ANSWER,
                    rating=rating if confirmed else None,
                )
                timeline[-1] = (
                    Kind.RESOLVED,
                    True,
                    target.label,
                    stories.GENERIC_RESOLUTION,
                    S.IN_PROGRESS,
                    S.UNDER_REVIEW,
                    resolved_at,
                )
                timeline.append(
                    (
                        Kind.CONFIRMED if confirmed else Kind.CLOSED,
                        True,
                        "Pelapor" if confirmed else "Sistem",
                        "",
                        S.RESOLVED,
                        S.CLOSED,
                        closed,
                    )
                )
                last = closed

        latitude = longitude = None
        if area and area.latitude is not None and area.longitude is not None and r.random() < 0.6:
            latitude = self.decimal(
                Decimal(f"{float(area.latitude) + r.uniform(-0.004, 0.004):.6f}")
            )
            longitude = self.decimal(
                Decimal(f"{float(area.longitude) + r.uniform(-0.004, 0.004):.6f}")
            )
        sensitive = category.is_sensitive
        anonymous = sensitive or r.random() < 0.15
        confidential = sensitive or r.random() < 0.05
        # The desk verified every routed one: public from then on, unless rahasia (DESIGN §4).
        published = row["routed_at"] if row["routed_at"] and not confidential else None
        w = self.when
        values = (
            pk,
            code,
            classification,
            category.pk,
            category.complexity,
            title.format(place=place)[:150],
            description.format(place=place),
            area.pk if area else None,
            f"{place} No. {r.randint(1, 200)}",
            latitude,
            longitude,
            r.choice(CHANNELS),
            anonymous,
            confidential,
            status,
            row["resume_status"],
            row["agency_id"],
            row["unit_id"],
            row["assigned_path"],
            row["step"],
            w(row["step_started_at"]),
            w(row["due_at"]),
            w(row["paused_at"]),
            w(row["paused_due_at"]),
            row["reject_reason"],
            row["close_reason"],
            row["merged_into_id"],
            row["rating"],
            len(timeline),
            w(created),
            w(last),
            w(row["verified_at"]),
            w(row["routed_at"]),
            w(row["first_response_at"]),
            w(row["resolved_at"]),
            w(row["closed_at"]),
            w(published),
        )
        entries = [
            (pk, kind, public, label, message, before, after, w(at), True)
            for kind, public, label, message, before, after, at in timeline
        ]
        return values, entries


def unique_codes(count: int, taken: set[str]) -> list[str]:
    """Fresh tracking codes, unique within this run and against the database."""
    codes: list[str] = []
    while len(codes) < count:
        wanted = count - len(codes)
        fresh = {new_code() for _ in range(wanted)} - taken
        clash = set(
            Complaint.objects.filter(tracking_code__in=list(fresh)).values_list(
                "tracking_code", flat=True
            )
        )
        fresh -= clash
        taken |= fresh
        codes.extend(fresh)
    return codes[:count]


class Command(BaseCommand):
    help = (
        "Generate N synthetic complaints with timelines for benchmarks (bulk inserts, no actions, "
        "no audit entries). Needs agencies and categories: run load_demo first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True, help="how many complaints")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--batch", type=int, default=BATCH, help=f"rows per transaction (default {BATCH})"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count, batch = options["count"], options["batch"]
        if count < 1:
            raise CommandError("--count must be at least 1")
        if batch < 1:
            raise CommandError("--batch must be at least 1")
        started = time.monotonic()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                # A large page cache keeps the indexes' hot pages in memory as the tables grow.
                cursor.execute("PRAGMA cache_size = -262144")
        generator = Generator(options["seed"], timezone.now())
        complaints = Writer(Complaint, COMPLAINT_COLUMNS)
        timeline = Writer(TimelineEntry, TIMELINE_COLUMNS)
        first_pk = (Complaint.objects.aggregate(m=Max("id"))["m"] or 0) + 1
        taken: set[str] = set()
        made = entries_made = 0
        while made < count:
            size = min(batch, count - made)
            codes = unique_codes(size, taken)
            rows: list[tuple[Any, ...]] = []
            entries: list[tuple[Any, ...]] = []
            for offset, code in enumerate(codes):
                row, more = generator.complaint(first_pk + made + offset, code, first_pk)
                rows.append(row)
                entries.extend(more)
            with transaction.atomic():
                complaints.write(rows)
                timeline.write(entries)
            made += size
            entries_made += len(entries)
            elapsed = time.monotonic() - started
            self.stdout.write(
                f"  {made:>9,} complaints, {entries_made:>10,} timeline entries, {elapsed:6.0f} s"
            )
        self._reset_sequences()
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {made:,} complaints and {entries_made:,} timeline entries in "
                f"{elapsed:.0f} s ({made / max(elapsed, 0.001):,.0f} complaints/s)."
            )
        )

    def _reset_sequences(self) -> None:
        """After explicit ids, PostgreSQL's id sequence must continue after the largest one."""
        statements = connection.ops.sequence_reset_sql(self.style, [Complaint])
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)
