"""Two people take the same action at the same moment: exactly one wins, nothing half-written."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections

from aduan.complaints import actions
from aduan.complaints.errors import ActionError, InvalidTransition
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.complaints.states import Status
from aduan.testing import City, build_city, complaint_in

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks under real concurrency: PostgreSQL only"
)


def _race(calls: list[Callable[[], Any]]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = calls[i]()
        except ActionError as exc:
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.fixture
def race_city(transactional_db: None) -> City:
    return build_city()


def test_two_officers_accepting_at_once_one_wins(race_city: City) -> None:
    city = race_city
    c = complaint_in(city, Status.ROUTED)
    results = _race(
        [
            lambda: actions.accept_complaint(Complaint.objects.get(pk=c.pk), by=city.officer_a),
            lambda: actions.accept_complaint(Complaint.objects.get(pk=c.pk), by=city.supervisor_a),
        ]
    )
    wins = [r for r in results if isinstance(r, Complaint)]
    losses = [r for r in results if isinstance(r, InvalidTransition)]
    assert len(wins) == 1 and len(losses) == 1
    assert "status aduan sekarang" in str(losses[0])
    assert TimelineEntry.objects.filter(complaint=c, kind="accepted").count() == 1
    c.refresh_from_db()
    assert c.status == Status.IN_PROGRESS and c.version == 3


def test_verify_and_reject_racing_leave_one_consistent_outcome(race_city: City) -> None:
    city = race_city
    c = complaint_in(city, Status.SUBMITTED)
    results = _race(
        [
            lambda: actions.verify_complaint(
                Complaint.objects.get(pk=c.pk), by=city.verifier, target=city.agency_a
            ),
            lambda: actions.reject_complaint(
                Complaint.objects.get(pk=c.pk), by=city.verifier, reason="spam"
            ),
        ]
    )
    assert sum(isinstance(r, Complaint) for r in results) == 1
    c.refresh_from_db()
    kinds = set(c.timeline.values_list("kind", flat=True))
    if c.status == Status.ROUTED:
        assert "verified" in kinds and "rejected" not in kinds
    else:
        assert c.status == Status.REJECTED and "verified" not in kinds
