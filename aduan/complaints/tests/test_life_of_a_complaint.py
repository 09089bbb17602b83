"""A complaint walks the main path, and every step leaves its trace."""

from __future__ import annotations

import pytest

from aduan.audit.models import AuditEntry
from aduan.complaints import actions
from aduan.complaints.errors import InvalidInput, InvalidTransition, NotPermitted, StaleComplaint
from aduan.complaints.models import Follower, TimelineEntry
from aduan.complaints.states import Status
from aduan.notifications.models import Outbox
from aduan.testing import City, complaint_in, photo, submit


def test_a_submitted_complaint_gets_a_code_a_deadline_and_a_receipt(city: City) -> None:
    c = submit(city)
    assert c.status == Status.SUBMITTED
    assert c.tracking_code.startswith("ADU-")
    assert c.step == "verification" and c.due_at is not None
    assert list(c.timeline.values_list("kind", flat=True)) == ["submitted"]
    receipts = Outbox.objects.filter(complaint=c, template="complaint_received")
    assert {o.channel for o in receipts} == {"email", "whatsapp"}
    assert AuditEntry.objects.filter(action="complaint.submit", object_id=str(c.pk)).exists()


def test_the_main_path_from_submitted_to_closed(city: City) -> None:
    c = complaint_in(city, Status.CLOSED)
    c.refresh_from_db()
    assert c.status == Status.CLOSED and c.rating == 5 and c.close_reason == "confirmed"
    kinds = list(c.timeline.values_list("kind", flat=True))
    assert kinds == [
        "submitted",
        "verified",
        "published",
        "accepted",
        "resolved",
        "resolution_approved",
        "confirmed",
    ]
    assert c.timeline.get(kind="resolved").is_public, "an approved resolution becomes public"
    actions_logged = set(
        AuditEntry.objects.filter(object_id=str(c.pk)).values_list("action", flat=True)
    )
    assert {"complaint.verify", "complaint.accept", "complaint.confirm"} <= actions_logged


def test_a_sensitive_category_is_always_confidential_and_anonymous(city: City) -> None:
    c = submit(city, category=city.bribe, is_anonymous=False, is_confidential=False)
    assert c.is_anonymous and c.is_confidential


def test_an_auto_route_category_goes_straight_to_the_agency(city: City) -> None:
    c = submit(city, category=city.tree)
    assert c.status == Status.ROUTED
    assert c.agency == city.agency_b
    assert c.timeline.filter(kind="verified", author_label="Sistem").exists()


def test_needs_info_returns_to_the_state_it_came_from_and_stops_the_clock(city: City) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    due_before = c.due_at
    c = actions.request_info(c, by=city.officer_a, question="Foto lubangnya dari dekat?")
    assert c.status == Status.NEEDS_INFO and c.paused_at is not None
    c = actions.provide_info(c, by=actions.VIA_SECRET_LINK, answer="Sudah saya lampirkan.")
    assert c.status == Status.IN_PROGRESS
    assert c.paused_at is None and c.due_at is not None and due_before is not None
    assert c.due_at >= due_before


def test_an_action_from_the_wrong_state_is_refused_and_writes_nothing(city: City) -> None:
    c = submit(city)
    entries = TimelineEntry.objects.count()
    audits = AuditEntry.objects.count()
    with pytest.raises(InvalidTransition):
        actions.accept_complaint(c, by=city.officer_a)
    assert TimelineEntry.objects.count() == entries
    assert AuditEntry.objects.count() == audits
    c.refresh_from_db()
    assert c.status == Status.SUBMITTED


def test_the_officer_of_agency_b_cannot_accept_agency_a_s_complaint(city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    with pytest.raises(NotPermitted):
        actions.accept_complaint(c, by=city.officer_b)


def test_a_stale_form_gets_a_conflict_and_changes_nothing(city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    old_version = c.version
    actions.route_to_unit(c, by=city.officer_a, unit=city.unit_a)
    with pytest.raises(StaleComplaint):
        actions.accept_complaint(c, by=city.officer_a, expected_version=old_version)
    c.refresh_from_db()
    assert c.status == Status.ROUTED


def test_return_not_authority_sends_it_back_to_the_desk(city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    c = actions.return_not_authority(c, by=city.officer_a, reason="Jalan provinsi")
    assert c.status == Status.SUBMITTED and c.agency is None and c.assigned_path == ""


def test_a_resolution_without_required_evidence_is_refused(city: City) -> None:
    c = submit(city, category=city.tree)
    c = actions.accept_complaint(c, by=city.officer_b)
    with pytest.raises(InvalidInput):
        actions.resolve_complaint(c, by=city.officer_b, message="Sudah dipotong", photos=[photo()])
    c = actions.resolve_complaint(
        c,
        by=city.officer_b,
        message="Sudah dipotong",
        photos=[photo("before"), photo("after")],
    )
    assert c.status == Status.UNDER_REVIEW
    assert c.attachments.count() == 2


def test_merge_makes_the_merged_reporter_follow_the_survivor(city: City) -> None:
    survivor = submit(city)
    duplicate = submit(city, reporter=actions.ReporterDetails(name="Budi", email="budi@x.test"))
    actions.merge_complaint(duplicate, by=city.verifier, into=survivor)
    duplicate.refresh_from_db()
    assert duplicate.status == Status.MERGED and duplicate.merged_into == survivor
    assert Follower.objects.filter(
        complaint=survivor, reporter=duplicate.reporter, source="merge"
    ).exists()


def test_a_dispute_reopens_the_case(city: City) -> None:
    c = complaint_in(city, Status.RESOLVED)
    c = actions.dispute_resolution(c, by=actions.VIA_SECRET_LINK, reason="Masih berlubang")
    assert c.status == Status.IN_PROGRESS
    assert c.timeline.filter(kind="disputed", is_public=True).exists()
