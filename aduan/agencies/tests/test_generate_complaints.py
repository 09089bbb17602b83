"""`generate_complaints`: many consistent synthetic complaints with timelines, written in bulk."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from aduan.agencies.models import Agency, Category
from aduan.audit.models import AuditEntry
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.complaints.states import FINAL, Status
from aduan.lib.codes import CODE_RE
from aduan.testing import City, submit

pytestmark = pytest.mark.django_db

ROUTED = [Status.ROUTED, Status.IN_PROGRESS, Status.UNDER_REVIEW, Status.RESOLVED, Status.CLOSED]


def generate(count: int, **options: object) -> str:
    out = StringIO()
    call_command("generate_complaints", count=count, stdout=out, **options)
    return out.getvalue()


def test_it_generates_consistent_complaints_with_timelines(city: City) -> None:
    output = generate(500, batch=200)

    assert "Generated 500 complaints" in output
    complaints = Complaint.objects.all()
    assert complaints.count() == 500
    statuses = set(complaints.values_list("status", flat=True))
    assert {Status.SUBMITTED, Status.IN_PROGRESS, Status.CLOSED, Status.REJECTED} <= statuses
    codes = list(complaints.values_list("tracking_code", flat=True))
    assert len(set(codes)) == 500 and all(CODE_RE.match(code) for code in codes)

    out_of_order = complaints.filter(
        Q(routed_at__lt=F("created_at"))
        | Q(first_response_at__lt=F("routed_at"))
        | Q(resolved_at__lt=F("first_response_at"))
        | Q(closed_at__lt=F("resolved_at"))
        | Q(closed_at__lt=F("created_at"))
        | Q(updated_at__lt=F("created_at"))
    )
    assert not out_of_order.exists()
    assert not complaints.filter(status__in=ROUTED, routed_at__isnull=True).exists()
    assert not complaints.filter(status__in=FINAL, closed_at__isnull=True).exists()
    assert not complaints.exclude(status__in=FINAL).filter(closed_at__isnull=False).exists()
    assert not complaints.filter(status=Status.CLOSED, resolved_at__isnull=True).exists()
    assert (
        not complaints.exclude(status__in=FINAL)
        .exclude(status=Status.NEEDS_INFO)
        .filter(due_at__isnull=True)
        .exists()
    )
    assert not complaints.filter(status=Status.NEEDS_INFO, paused_at__isnull=True).exists()

    agencies = {agency.pk: agency for agency in Agency.objects.all()}
    for complaint in complaints.filter(status__in=ROUTED):
        assert complaint.agency_id is not None
        agency = agencies[complaint.agency_id]
        assert complaint.assigned_path.startswith(agency.path)
        node = agencies[complaint.unit_id] if complaint.unit_id else agency
        assert complaint.assigned_path == node.path
    assert not complaints.filter(status=Status.SUBMITTED).exclude(assigned_path="").exists()

    per_complaint = TimelineEntry.objects.values("complaint").annotate(n=Count("id"))
    sizes = {row["n"] for row in per_complaint}
    assert len(per_complaint) == 500 and sizes <= {2, 3, 4}
    for complaint in complaints.prefetch_related("timeline")[:100]:
        moments = [entry.created_at for entry in complaint.timeline.all()]
        assert moments == sorted(moments)
        assert moments[0] == complaint.created_at
        assert complaint.timeline.all()[len(moments) - 1].status_after == complaint.status
    # Synthetic: nobody did these things, so nothing is claimed in the audit trail.
    assert not AuditEntry.objects.filter(object_type="complaints.complaint").exists()


def test_the_same_seed_tells_the_same_story_and_ids_continue_afterwards(city: City) -> None:
    generate(50, seed=7)
    first = list(Complaint.objects.order_by("id").values_list("title", "status", "category_id"))
    Complaint.objects.all().delete()
    generate(50, seed=7)
    second = list(Complaint.objects.order_by("id").values_list("title", "status", "category_id"))
    assert first == second

    # After the bulk insert with explicit ids, ordinary inserts still get fresh ids.
    newest = max(Complaint.objects.values_list("id", flat=True))
    assert submit(city).pk > newest


def test_it_explains_that_the_demo_must_be_loaded_first() -> None:
    with pytest.raises(CommandError, match="load_demo"):
        generate(10)
    assert not Category.objects.exists()


def test_it_refuses_a_count_below_one(city: City) -> None:
    with pytest.raises(CommandError, match="--count must be at least 1"):
        generate(0)
