"""The monthly report's numbers, one by one, against a month built by hand (handmade.py)."""

from __future__ import annotations

import pytest

from aduan.reports import monthly
from aduan.reports.period import Month
from aduan.reports.tests.handmade import NOW, July, build_july
from aduan.testing import City

approx = pytest.approx


@pytest.fixture
def july(city: City) -> July:
    return build_july(city)


@pytest.fixture
def report(july: July) -> monthly.MonthlyReport:
    return monthly.build(Month(2026, 7), now=NOW)


def by_label(rows: list[monthly.Row]) -> dict[str, int]:
    return {r.label: r.count for r in rows}


def test_it_counts_complaints_received_in_the_month_by_local_time(
    report: monthly.MonthlyReport,
) -> None:
    # X1 (June), X3 (00:30 on 1 August WIB) and P1 (June) are not July's.
    assert report.received == 12


def test_it_counts_every_status_including_rejected_and_merged(
    report: monthly.MonthlyReport,
) -> None:
    assert by_label(report.by_status) == {
        "Diajukan": 0,
        "Menunggu informasi pelapor": 1,
        "Didisposisikan": 0,
        "Ditindaklanjuti": 1,
        "Penyelesaian diperiksa": 0,
        "Diselesaikan": 3,
        "Ditutup": 5,
        "Ditolak": 1,
        "Digabungkan": 1,
    }


def test_it_breaks_down_classification_category_agency_area_and_channel(
    report: monthly.MonthlyReport,
) -> None:
    assert by_label(report.by_classification) == {"Pengaduan": 12}
    assert [(r.label, r.count) for r in report.top_categories] == [
        ("Jalan Rusak", 7),
        ("Sampah Menumpuk", 5),
    ]
    assert [(r.label, r.count) for r in report.top_agencies] == [
        ("Dinas PUPR", 6),
        ("DLH", 3),
        ("Belum didisposisikan", 2),
        ("Kelurahan Sukarasa", 1),
    ]
    assert [(r.label, r.count) for r in report.by_area] == [("Tangerang", 9), ("Tanpa wilayah", 3)]
    assert by_label(report.by_area[0].extra["children"]) == {"Sukarasa": 6, "Sukasari": 3}
    channels = {r.label: (r.count, round(r.share, 2)) for r in report.by_channel}
    assert channels == {
        "Situs web": (9, 75.0),
        "WhatsApp": (1, 8.33),
        "Email": (1, 8.33),
        "SMS": (1, 8.33),
    }
    assert (report.located.count, report.unlocated.count) == (4, 8)


def test_it_measures_completion_times_without_the_citizens_wait(
    report: monthly.MonthlyReport,
) -> None:
    assert report.completed == 8
    c = report.completion
    # Hours: 0.5, 0.75, 2, 20 (30 minus a 10-hour wait), 24, 26, 96, 506.
    assert c.mean_hours == approx(675.25 / 8)
    assert c.median_hours == approx(22.0)
    # Working days: weekends do not count (B2 ran Saturday to Sunday: 0).
    assert c.mean_working_days == approx((16 + 2 + 0.75 / 24 + 1 + 0.5 / 24) / 8)
    assert c.median_working_days == approx((2 / 24 + 20 / 24) / 2)


def test_it_measures_time_to_first_response(report: monthly.MonthlyReport) -> None:
    f = report.first_response
    assert f.count == 8
    assert f.mean_hours == approx((1 + 4 + 2 + 8 + 0.5 + 1 + 1 + 1 / 6) / 8)
    assert f.median_hours == approx(1.0)
    assert f.mean_working_days == approx((1 + 4 + 2 + 8 + 0.5 + 0 + 1 + 1 / 6) / 24 / 8)
    assert f.median_working_days == approx(1 / 24)


def test_it_puts_completion_times_into_ten_hour_bands(report: monthly.MonthlyReport) -> None:
    bands = by_label(report.bands)
    assert bands == {
        "0–10 jam": 3,
        "11–20 jam": 1,
        "21–30 jam": 2,
        "31–40 jam": 0,
        "41–50 jam": 0,
        "51–60 jam": 0,
        "61–70 jam": 0,
        "71–80 jam": 0,
        "81–90 jam": 0,
        "91–100 jam": 1,
        "> 100 jam": 1,
    }
    assert report.bands[0].share == approx(37.5)


def test_it_counts_on_time_completions_against_each_limit(
    report: monthly.MonthlyReport, july: July
) -> None:
    # A4 took 15.08 working days of 14; B2 took 26 hours of 24.
    assert (report.on_time, report.with_limit) == (6, 8)
    assert report.on_time_pct == approx(75.0)
    assert sorted(case.tracking_code for case in report.late) == sorted(
        [july.codes["A4"], july.codes["B2"]]
    )
    assert {(case.agency, case.category, case.limit) for case in report.late} == {
        ("Dinas PUPR", "Jalan Rusak", "14 hari kerja"),
        ("DLH", "Sampah Menumpuk", "24 jam (24/7)"),
    }
    late_hours = sorted(round(case.hours, 2) for case in report.late)
    assert late_hours == [26.0, 506.0]


def test_it_lists_agencies_finishing_within_an_hour(report: monthly.MonthlyReport) -> None:
    assert [(r.label, r.count, r.extra["mean_hours"]) for r in report.fast_agencies] == [
        ("Kelurahan Sukarasa", 1, 0.5)
    ]


def test_it_lists_what_is_still_overdue_but_not_complaints_waiting_for_the_citizen(
    report: monthly.MonthlyReport,
) -> None:
    assert [(r.label, r.count) for r in report.still_overdue] == [("DLH", 1)]
    assert [c.category for c in report.still_overdue_cases] == ["Sampah Menumpuk"]


def test_it_reports_satisfaction_from_ratings_of_completed_complaints(
    report: monthly.MonthlyReport,
) -> None:
    assert report.rating_count == 6
    assert report.rating_mean == approx(22 / 6)
    assert by_label(report.ratings) == {"5 ★": 2, "4 ★": 2, "3 ★": 1, "2 ★": 0, "1 ★": 1}


def test_it_scores_and_ranks_agencies_with_the_published_formula(
    report: monthly.MonthlyReport,
) -> None:
    table = [
        (
            f.rank,
            str(f.agency),
            f.score.on_time_pct,
            f.score.completion_pct,
            f.score.satisfaction_pct,
            f.score.value,
            f.score.predicate,
        )
        for f in report.agencies
        if f.score
    ]
    assert table == [
        (1, "Kelurahan Sukarasa", 100.0, 100.0, 100.0, 100.0, "Sangat Baik"),
        (2, "Dinas PUPR", 80.0, approx(200 / 3), 65.0, 73.0, "Sedang"),
        (3, "DLH", 50.0, approx(200 / 3), 80.0, 61.0, "Kurang"),
    ]
    assert report.overall.value == approx(73.17)
    assert report.overall.predicate == "Sedang"


def test_it_writes_conclusions_from_the_numbers(report: monthly.MonthlyReport) -> None:
    text = "\n".join(report.conclusions)
    assert "diterima 12 aduan dan diselesaikan 8 aduan" in text
    assert "Ketepatan waktu DLH turun dari 100,0% menjadi 50,0%" in text
    assert "Jalan Rusak naik dari 1 menjadi 7" in text
    assert "Masih ada 1 aduan melewati batas waktu: DLH (1)" in text
    assert any("DLH" in line for line in report.follow_ups)


def test_a_month_without_complaints_gives_a_clean_empty_report(city: City) -> None:
    build_july(city)
    report = monthly.build(Month(2026, 3), now=NOW)
    assert report.is_empty
    assert report.received == report.completed == 0
    assert report.completion.mean_hours is None
    assert report.overall.value is None
    assert report.conclusions == ["Tidak ada aduan yang diterima atau diselesaikan pada bulan ini."]


def test_an_agency_report_counts_only_that_agencys_subtree(city: City) -> None:
    build_july(city)
    report = monthly.build(Month(2026, 7), agency=city.agency_b, now=NOW)
    assert report.received == 3
    assert report.completed == 2
    assert (report.on_time, report.with_limit) == (1, 2)


def test_a_disputed_resolution_leaves_the_months_figures(city: City, july: July) -> None:
    from aduan.complaints.models import Complaint
    from aduan.complaints.states import Status

    assert monthly.build(Month(2026, 7), now=NOW).completed == 8
    # The citizen disputed C1 after the figures were kept: it is no longer completed.
    Complaint.objects.filter(tracking_code=july.codes["C1"]).update(
        status=Status.IN_PROGRESS, resolved_at=None
    )
    report = monthly.build(Month(2026, 7), now=NOW)
    assert report.completed == 7
    assert report.fast_agencies == []
