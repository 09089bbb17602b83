"""Who a report compares: the children of its subject in the agency tree, with shared ranks for
equal scores, and no growth claimed from a month without data; its bars keep every value readable."""

from __future__ import annotations

import re

from aduan.agencies.models import Agency
from aduan.reports import charts, monthly
from aduan.reports.period import Month
from aduan.reports.tests.handmade import NOW, at, build_july, make
from aduan.testing import City


def _kecamatan(city: City) -> tuple[Agency, Agency, Agency]:
    kec = Agency.objects.create(
        code="kec-karawaci", name="Kecamatan Karawaci", kind=Agency.Kind.DISTRICT, parent=city.root
    )
    kel_1 = Agency.objects.create(
        code="kel-bugel", name="Kelurahan Bugel", kind=Agency.Kind.VILLAGE, parent=kec
    )
    kel_2 = Agency.objects.create(
        code="kel-cimone", name="Kelurahan Cimone", kind=Agency.Kind.VILLAGE, parent=kec
    )
    return kec, kel_1, kel_2


def _done(city: City, agency: Agency, day: int, **values: object) -> None:
    make(
        city,
        agency=agency,
        created_at=at(7, day, 8),
        first_response_at=at(7, day, 9),
        resolved_at=at(7, day, 10),
        **values,
    )


def test_a_kecamatan_report_names_each_kelurahan_that_handled_complaints(city: City) -> None:
    kec, bugel, cimone = _kecamatan(city)
    for day in (1, 2, 3):
        _done(city, bugel, day)
    _done(city, cimone, 4)
    _done(city, kec, 5)

    report = monthly.build(Month(2026, 7), agency=kec, now=NOW)

    units = {r.label: r.count for r in report.top_agencies}
    assert units == {"Kelurahan Bugel": 3, "Kelurahan Cimone": 1, "Kecamatan Karawaci": 1}
    # The score table names the same units as the count table.
    assert {str(f.agency) for f in report.agencies} == set(units)


def test_an_agency_report_names_its_units_and_its_own_desk(city: City) -> None:
    _done(city, city.agency_a, 1, unit=city.unit_a, assigned_path=city.unit_a.path)
    _done(city, city.agency_a, 2, unit=city.unit_a, assigned_path=city.unit_a.path)
    _done(city, city.agency_a, 3)

    report = monthly.build(Month(2026, 7), agency=city.agency_a, now=NOW)

    assert {r.label: r.count for r in report.top_agencies} == {
        "Bidang Bina Marga": 2,
        "Dinas PUPR": 1,
    }


def test_the_city_report_still_compares_the_agencies_that_handled_complaints(city: City) -> None:
    _kec, bugel, _cimone = _kecamatan(city)
    _done(city, bugel, 1)
    _done(city, city.agency_a, 2, unit=city.unit_a, assigned_path=city.unit_a.path)

    report = monthly.build(Month(2026, 7), now=NOW)

    assert {r.label: r.count for r in report.top_agencies} == {
        "Kelurahan Bugel": 1,
        "Dinas PUPR": 1,
    }


def test_equal_scores_share_a_rank_and_the_next_one_follows_the_line(city: City) -> None:
    kec, bugel, cimone = _kecamatan(city)
    for agency, day in ((bugel, 1), (cimone, 2), (kec, 3)):
        _done(city, agency, day, rating=5)
    _done(city, city.agency_b, 4, rating=1)

    report = monthly.build(Month(2026, 7), now=NOW)

    ranks = [(f.rank, str(f.agency)) for f in report.agencies]
    assert ranks == [
        (1, "Kecamatan Karawaci"),
        (1, "Kelurahan Bugel"),
        (1, "Kelurahan Cimone"),
        (4, "DLH"),
    ]


def test_a_first_month_makes_no_claim_of_growth(city: City) -> None:
    for day in range(1, 8):
        _done(city, city.agency_a, day)

    report = monthly.build(Month(2026, 7), now=NOW)

    text = "\n".join(report.conclusions + report.follow_ups)
    assert "naik dari" not in text
    assert "kenaikan" not in text


def test_growth_is_still_reported_against_a_month_with_data(city: City) -> None:
    build_july(city)
    report = monthly.build(Month(2026, 7), now=NOW)
    assert "Jalan Rusak naik dari 1 menjadi 7" in "\n".join(report.conclusions)


def test_the_longest_bar_leaves_room_for_its_value() -> None:
    points = [
        charts.Point("JAKI", 243, "243 (95,3%)"),
        charts.Point("Twitter", 6, "6 (2,4%)"),
    ]
    svg = str(charts.bars(points, title="Kanal", desc="Aduan per kanal"))

    width = int(re.search(r'viewBox="0 0 (\d+) ', svg).group(1))  # type: ignore[union-attr]
    value_x = float(
        re.findall(r'<text x="([\d.]+)" y="\d+" fill="[^"]+">243 \(95,3%\)</text>', svg)[0]
    )
    assert value_x + len("243 (95,3%)") * charts.CHAR <= width
