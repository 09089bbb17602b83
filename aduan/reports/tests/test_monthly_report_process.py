"""The process figures of the monthly report (aduan/reports/process.py), every one known by hand.

Six complaints in July 2026 walked through the actions at known times (WIB), with a holiday the
administrators added (Thursday 9 July), a duty shift of DLH over that night, reminders and an
escalation as the worker writes them. July 2026 has 22 working days with that holiday.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.test import Client

from aduan.agencies.models import DutyShift, Holiday
from aduan.complaints import actions
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.reports import monthly
from aduan.reports.period import Month
from aduan.reports.tests.handmade import WIB
from aduan.testing import City, staff_login, submit

JULY = Month(2026, 7)
Kind = TimelineEntry.Kind


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 7, day, hour, minute, tzinfo=WIB)


class Clock:
    """Runs each step of the story at its own moment."""

    def __call__(self, day: int, hour: int, minute: int = 0) -> Any:
        return time_machine.travel(at(day, hour, minute), tick=False)


@pytest.fixture
def story(city: City) -> dict[str, Complaint]:
    t = Clock()
    Holiday.objects.create(date=at(9, 0).date(), name="Libur daerah", kind=Holiday.Kind.ADD)
    a, b = city.agency_a, city.agency_b
    desk, officer_a, officer_b = city.verifier, city.officer_a, city.officer_b
    with t(1, 8):
        c1 = submit(city, title="C1 jalan berlubang")
    with t(1, 9):
        actions.verify_complaint(c1, by=desk, target=a)
    with t(1, 11):
        actions.accept_complaint(c1, by=officer_a)
    with t(2, 9):
        actions.resolve_complaint(c1, by=officer_a, message="Lubang sudah ditambal.")
    with t(2, 10):
        actions.reject_resolution(c1, by=desk, reason="Foto sesudah tidak ada.")
    with t(3, 9):
        actions.resolve_complaint(c1, by=officer_a, message="Lubang ditambal, foto menyusul.")
    with t(3, 10):
        actions.approve_resolution(c1, by=desk)

    with t(1, 20):  # a working day, after office hours
        c2 = submit(city, title="C2 jalan amblas")
    with t(2, 8):
        actions.verify_complaint(c2, by=desk, target=b)
    with t(2, 9):
        actions.return_not_authority(c2, by=officer_b, reason="Jalan kewenangan PUPR.")
    with t(2, 10):
        actions.verify_complaint(c2, by=desk, target=a)
    with t(2, 12):
        actions.accept_complaint(c2, by=officer_a)
    with t(2, 13):
        actions.post_update(c2, by=officer_a, message="Tim survei ke lokasi.")
    with t(2, 14):
        actions.request_coordination(c2, by=officer_a, agency=b, message="Mohon angkut puing.")

    with t(4, 10):  # Saturday
        c3 = submit(city, category=city.rubbish, title="C3 sampah menumpuk")
    with t(6, 8):
        actions.verify_complaint(c3, by=desk, target=a)
    with t(6, 9):
        actions.route_complaint(c3, by=desk, target=b, reason="Sampah urusan DLH.")
    with t(6, 11):
        actions.accept_complaint(c3, by=officer_b)
    with t(6, 12):
        actions.request_info(c3, by=officer_b, question="Di RT berapa?")
    with t(6, 18):
        actions.provide_info(c3, by=actions.VIA_SECRET_LINK, answer="RT 03.")
    with t(7, 9):
        actions.resolve_complaint(c3, by=officer_b, message="Sampah diangkut.")
    with t(7, 10):
        actions.reject_resolution(c3, by=desk, reason="Sampah belum diangkut semua.")

    DutyShift.objects.create(agency=b, user=officer_b, starts_at=at(9, 20), ends_at=at(10, 8))
    with t(9, 22):  # the added holiday, at night: urgent, routes itself to DLH, someone on duty
        c4 = submit(city, category=city.tree, title="C4 pohon tumbang")
    with t(10, 6):
        actions.accept_complaint(c4, by=officer_b)
    with t(11, 3):  # Saturday night, nobody on duty, never answered
        c5 = submit(city, category=city.tree, title="C5 pohon tumbang")

    with t(13, 9):
        c6 = submit(city, title="C6 tanpa lokasi jelas")
    with t(13, 10):
        actions.request_info(c6, by=desk, question="Di jalan apa?")
    with t(28, 10):
        actions.withdraw_unanswered(c6)

    # What the worker writes (notifications/jobs.py): reminders and an escalation.
    for complaint, kind, public, when in (
        (c2, Kind.REMINDER, False, at(5, 10)),
        (c2, Kind.ESCALATION, False, at(6, 10)),
        (c6, Kind.REMINDER, True, at(20, 10)),
    ):
        TimelineEntry.objects.create(
            complaint=complaint, kind=kind, is_public=public, author_label="Sistem", created_at=when
        )
    return {"C1": c1, "C2": c2, "C3": c3, "C4": c4, "C5": c5, "C6": c6}


def build(agency: Any = None) -> Any:
    with time_machine.travel(datetime(2026, 8, 10, 12, tzinfo=WIB), tick=False):
        report = monthly.build(JULY, agency=agency)
    assert report.process is not None
    return report.process


def lines(rows: list[Any], *keys: str) -> list[tuple[Any, ...]]:
    return [(r.label, *(r[k] for k in keys)) for r in rows]


def test_resolutions_sent_back_by_agency_by_reviewer_and_why(city: City, story: Any) -> None:
    p = build()
    assert (p.resolutions_submitted, p.sent_back) == (3, 2)
    assert p.sent_back_pct == pytest.approx(100 * 2 / 3)
    assert lines(p.sent_back_by_agency, "submitted", "sent_back", "pct") == [
        ("DLH", 1, 1, 100.0),
        ("Dinas PUPR", 2, 1, 50.0),
    ]
    assert lines(p.sent_back_by_reviewer, "role", "count") == [("Verifikator", "Verifikator", 2)]
    assert [(c.code, c.agency, c.reason) for c in p.sent_back_cases] == [
        (story["C3"].tracking_code, "DLH", "Sampah belum diangkut semua."),
        (story["C1"].tracking_code, "Dinas PUPR", "Foto sesudah tidak ada."),
    ]


def test_returns_and_reroutings_give_the_misrouting_rate_by_category(
    city: City, story: Any
) -> None:
    p = build()
    # Dispositions: C1, C2 twice, C3, C4 and C5 routed themselves (verified), C3 re-routed.
    assert (p.dispositions, p.returned, p.rerouted) == (7, 1, 1)
    assert p.misrouting_pct == pytest.approx(100 * 2 / 7)
    assert lines(p.misrouting_by_category, "dispositions", "returned", "rerouted", "pct") == [
        ("Sampah Menumpuk", 2, 0, 1, 50.0),
        ("Jalan Rusak", 3, 1, 0, pytest.approx(100 / 3)),
        ("Pohon Tumbang", 2, 0, 0, 0.0),
    ]
    # Counted for the agency that had the complaint, as the audit entry of the action says.
    assert lines(p.returns_by_agency, "returned", "rerouted") == [
        ("DLH", 1, 0),
        ("Dinas PUPR", 0, 1),
    ]
    assert [(c.code, c.agency, c.reason) for c in p.return_cases] == [
        (story["C2"].tracking_code, "DLH", "Jalan kewenangan PUPR.")
    ]


def test_coordination_information_requests_and_reminders(city: City, story: Any) -> None:
    p = build()
    assert lines(p.coordination, "to", "count", "open") == [("Dinas PUPR", "DLH", 1, 1)]
    assert (p.coordination_total, p.coordination_open) == (1, 1)
    assert p.info.values == {
        "asked": 2,
        "by_desk": 1,
        "by_agency": 1,
        "answered": 1,
        "unanswered": 1,
        "mean_hours": 6.0,
        "median_hours": 6.0,
        "withdrawn": 1,
    }
    assert lines(p.reminders, "staff", "escalations", "citizen") == [
        ("Dinas PUPR", 1, 1, 0),
        ("Belum didisposisikan", 0, 0, 1),
    ]
    assert p.reminder_totals.values == {"staff": 1, "escalations": 1, "citizen": 1}


def test_arrivals_at_night_on_weekends_and_holidays_and_their_first_answer(
    city: City, story: Any
) -> None:
    assert str(settings.ADUAN_OFFICE_HOURS) == "07:30-16:00"
    p = build()
    assert lines(p.arrivals, "count", "answered", "mean_hours", "median_hours") == [
        ("Jam kerja", 2, 1, 3.0, 3.0),  # C1 accepted after 3 h; C6 never answered
        ("Hari kerja, di luar jam kerja", 1, 1, 16.0, 16.0),  # C2
        ("Akhir pekan", 2, 1, 49.0, 49.0),  # C3 on Monday; C5 never
        ("Hari libur", 1, 1, 8.0, 8.0),  # C4
    ]
    assert [round(r["pct"], 2) for r in p.arrivals] == [33.33, 16.67, 33.33, 16.67]


def test_the_duty_roster_covers_part_of_the_time_outside_office_hours(
    city: City, story: Any
) -> None:
    p = build()
    # 31 days × 24 h − 22 working days × 8.5 h; the shift covers 20:00–24:00 on the holiday and
    # 00:00–07:30 on Friday (07:30–08:00 is office time).
    [dlh] = p.duty
    assert dlh.label == "DLH"
    assert dlh["off_hours"] == pytest.approx(31 * 24 - 22 * 8.5)
    assert dlh["covered_hours"] == pytest.approx(11.5)
    assert dlh["pct"] == pytest.approx(100 * 11.5 / 557)
    assert (dlh["urgent"], dlh["urgent_on_duty"]) == (2, 1)


def test_officers_figures(city: City, story: Any) -> None:
    p = build()
    got = {
        o.name: (o.accepted, o.mean_accept_hours, o.updates, o.resolved, o.sent_back)
        for o in p.officers
    }
    assert got == {
        "Petugas A": (2, pytest.approx(2.0), 1, 2, 1),
        "Petugas B": (2, pytest.approx(5.0), 0, 1, 1),
    }


def test_an_agencys_report_counts_what_happened_to_its_own_complaints(
    city: City, story: Any
) -> None:
    p = build(city.agency_a)
    assert (p.resolutions_submitted, p.sent_back) == (2, 1)
    assert lines(p.sent_back_by_agency, "submitted", "sent_back") == [("Dinas PUPR", 2, 1)]
    # C3 was re-routed away from PUPR: counted for PUPR, and as a disposition to it.
    assert (p.returned, p.rerouted) == (0, 1)
    assert lines(p.misrouting_by_category, "dispositions", "rerouted") == [
        ("Sampah Menumpuk", 1, 1),
        ("Jalan Rusak", 3, 0),
    ]
    assert lines(p.coordination, "to", "count") == [("Dinas PUPR", "DLH", 1)]
    assert p.info["asked"] == 0
    assert [o.name for o in p.officers] == ["Petugas A"]
    assert p.duty == []


def test_officers_figures_are_seen_by_their_heads_and_themselves_only(
    client: Client, city: City, story: Any
) -> None:
    with time_machine.travel(datetime(2026, 8, 10, 12, tzinfo=WIB), tick=False):
        seen = {}
        for who in ("leadership", "supervisor_a", "officer_a", "officer_b", "verifier"):
            c = Client()
            staff_login(c, city.personas[who])
            page = c.get("/staf/laporan/bulanan/", {"bulan": "2026-07"})
            assert page.status_code == 200
            seen[who] = [o.name for o in page.context["officers"]]
        public = client.get("/transparansi/", {"bulan": "2026-07"}).content.decode()
        leader = Client()
        staff_login(leader, city.leadership)
        pdf_file = leader.get("/staf/laporan/bulanan/", {"bulan": "2026-07", "format": "html"})
    assert seen == {
        "leadership": ["Petugas B", "Petugas A"],  # by where they work: DLH, then PUPR
        "supervisor_a": ["Petugas A"],
        "officer_a": ["Petugas A"],
        "officer_b": ["Petugas B"],
        "verifier": [],
    }
    for text in ("Kinerja petugas", "Petugas A", "Salah disposisi"):
        assert text not in public
    document = pdf_file.content.decode()
    assert "Salah disposisi" in document
    assert "Kinerja petugas" not in document
