"""The daily roll-ups equal a full recount of the complaints, and rebuilding is idempotent."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from aduan.complaints.models import Complaint
from aduan.reports import rollups
from aduan.reports.models import DailyRollup
from aduan.reports.tests.handmade import NOW, build_july
from aduan.testing import City

Dim = DailyRollup.Dimension


@pytest.fixture(autouse=True)
def _august() -> object:
    # Ten days after July: its breakdowns are recent enough to be kept, June's P1 is not.
    with time_machine.travel(NOW, tick=False):
        yield


def recount() -> dict[tuple[str, date, str], tuple[int, int, int]]:
    """(dimension, day, key) → (received, completed, ratings) counted complaint by complaint;
    breakdowns only for the last RECENT_DAYS days, as the roll-ups keep them."""
    recent = timezone.localdate() - timedelta(days=rollups.RECENT_DAYS - 1)
    received: Counter[tuple[str, date, str]] = Counter()
    completed: Counter[tuple[str, date, str]] = Counter()
    rated: Counter[tuple[str, date, str]] = Counter()
    for c in Complaint.objects.all():
        keys = [
            (Dim.ALL, ""),
            (Dim.CATEGORY, str(c.category_id)),
            (Dim.AREA, c.area_id or ""),
            (Dim.CHANNEL, str(c.channel_id)),
        ]
        for dim, key in keys:
            day = timezone.localtime(c.created_at).date()
            if dim == Dim.ALL or day >= recent:
                received[(dim, day, key)] += 1
            if c.resolved_at:
                day = timezone.localtime(c.resolved_at).date()
                if dim == Dim.ALL or day >= recent:
                    completed[(dim, day, key)] += 1
                    rated[(dim, day, key)] += int(c.rating is not None)
    return {k: (received[k], completed[k], rated[k]) for k in set(received) | set(completed)}


def summed() -> dict[tuple[str, date, str], tuple[int, int, int]]:
    totals: dict[tuple[str, date, str], list[int]] = {}
    for r in DailyRollup.objects.all():
        t = totals.setdefault((r.dimension, r.day, r.key), [0, 0, 0])
        t[0] += r.received
        t[1] += r.completed
        t[2] += r.rated_1 + r.rated_2 + r.rated_3 + r.rated_4 + r.rated_5
    return {k: (v[0], v[1], v[2]) for k, v in totals.items()}


def test_rollups_equal_a_full_recount(city: City) -> None:
    build_july(city)
    rollups.rebuild_all()
    assert summed() == recount()


def test_rebuilding_a_range_twice_changes_nothing(city: City) -> None:
    build_july(city)
    rollups.rebuild_all()
    before = summed()
    rollups.rebuild(date(2026, 7, 1), date(2026, 7, 31))
    rollups.rebuild(date(2026, 7, 1), date(2026, 7, 31))
    assert summed() == before


def test_a_recent_rebuild_picks_up_a_new_completion(city: City) -> None:
    build_july(city)
    rollups.rebuild_all()
    complaint = Complaint.objects.filter(resolved_at__isnull=True, agency__isnull=False).first()
    assert complaint is not None
    Complaint.objects.filter(pk=complaint.pk).update(resolved_at=timezone.now())
    rollups.refresh_recent()
    assert summed() == recount()


def test_the_worker_rebuilds_recent_rollups_once_per_slot(city: City) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from aduan.notifications import jobs

    build_july(city)
    now = datetime(2026, 7, 31, 9, 5, tzinfo=ZoneInfo("Asia/Jakarta"))
    assert rollups.run_job(now, jobs.claim_slot) == ["rollups", "rollups_nightly"]
    assert rollups.run_job(now, jobs.claim_slot) == []
    assert DailyRollup.objects.filter(day=date(2026, 7, 22), dimension=Dim.ALL).exists()


def test_the_rebuild_command_writes_rollups_and_completion_figures(city: City) -> None:
    import io

    from django.core.management import call_command

    from aduan.reports.models import CompletionFigure

    build_july(city)
    out = io.StringIO()
    call_command("rebuild_rollups", stdout=out)
    # 8 completed in July, P1 in June, X2 in August.
    assert "Computed 10 completion figures" in out.getvalue()
    assert CompletionFigure.objects.count() == 10
    assert summed() == recount()
