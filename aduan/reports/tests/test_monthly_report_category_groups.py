"""Category groups in the monthly report: totals by group with their categories (subcategories),
and what each agency's or unit's complaints were about."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
import time_machine
from django.test import Client

from aduan.agencies.models import Category
from aduan.reports import monthly
from aduan.reports.period import Month
from aduan.reports.tests.handmade import NOW, at, make
from aduan.testing import City, staff_login

JULY = Month(2026, 7)


@pytest.fixture(autouse=True)
def _frozen() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rubbish(city: City) -> dict[str, Category]:
    """Sampah and its kinds, as the Jakarta reports name them."""
    kinds = {}
    for slug, name in (
        ("sampah-lingkungan", "Sampah lingkungan"),
        ("sampah-got", "Sampah got/saluran"),
        ("sampah-daun", "Sampah daun"),
        ("sampah-trotoar", "Sampah trotoar"),
    ):
        kinds[slug] = Category.objects.create(slug=slug, name=name, group="Sampah")
    b, a, unit = city.agency_b, city.agency_a, city.unit_a
    for category, agency, unit_node, n in (
        (kinds["sampah-got"], b, None, 3),
        (kinds["sampah-lingkungan"], b, None, 2),
        (kinds["sampah-daun"], b, None, 1),
        (kinds["sampah-trotoar"], a, unit, 1),  # the roads' unit clears its pavements
        (city.road, a, unit, 2),
        (city.road, a, None, 1),
    ):
        for i in range(n):
            make(city, category=category, agency=agency, unit=unit_node, created_at=at(7, 3 + i, 9))
    # Another month, another group: not counted.
    make(city, category=city.tree, agency=b, created_at=at(6, 20, 9))
    return kinds


def table(rows: list[Any]) -> list[tuple[str, int, list[tuple[str, int]]]]:
    return [(r.label, r.count, [(c.label, c.count) for c in r.extra["children"]]) for r in rows]


def test_the_city_report_totals_by_group_and_drills_down(city: City, rubbish: Any) -> None:
    report = monthly.build(JULY)
    assert table(report.by_group) == [
        (
            "Sampah",
            7,
            [
                ("Sampah got/saluran", 3),
                ("Sampah lingkungan", 2),
                ("Sampah daun", 1),
                ("Sampah trotoar", 1),
            ],
        ),
        ("Infrastruktur", 3, [("Jalan Rusak", 3)]),
    ]
    assert [round(r.share, 1) for r in report.by_group] == [70.0, 30.0]
    # Each agency's row says what its complaints were about, most frequent first (three at most).
    assert [(r.label, r.count, r.extra["about"]) for r in report.top_agencies] == [
        ("DLH", 6, [("Sampah got/saluran", 3), ("Sampah lingkungan", 2), ("Sampah daun", 1)]),
        ("Dinas PUPR", 4, [("Jalan Rusak", 3), ("Sampah trotoar", 1)]),
    ]


def test_an_agencys_units_say_what_their_complaints_were_about(city: City, rubbish: Any) -> None:
    report = monthly.build(JULY, agency=city.agency_a)
    assert [(r.label, r.count, r.extra["about"]) for r in report.top_agencies] == [
        ("Bidang Bina Marga", 3, [("Jalan Rusak", 2), ("Sampah trotoar", 1)]),
        ("Dinas PUPR", 1, [("Jalan Rusak", 1)]),
    ]
    assert table(report.by_group) == [
        ("Infrastruktur", 3, [("Jalan Rusak", 3)]),
        ("Sampah", 1, [("Sampah trotoar", 1)]),
    ]


def test_the_page_and_the_files_show_groups_and_what_units_handled(
    city: City, rubbish: Any
) -> None:
    client = Client()
    staff_login(client, city.leadership)
    html = client.get("/staf/laporan/bulanan/", {"bulan": "2026-07"}).content.decode()
    assert "Menurut kelompok kategori" in html
    assert "Sampah got/saluran (3), Sampah lingkungan (2), Sampah daun (1)" in html
    got = rubbish["sampah-got"].pk
    assert f"category={got}" in html  # a subcategory's number opens its complaints
    data = client.get("/staf/laporan/bulanan/", {"bulan": "2026-07", "format": "csv"})
    rows = list(csv.reader(io.StringIO(data.content.decode())))
    assert ["Kategori menurut kelompok", "Sampah", "7", "70.0"] in rows
    assert ["Kategori menurut kelompok", "  Sampah got/saluran", "3", "30.0"] in rows
    assert [
        "Lima instansi terbanyak",
        "DLH",
        "6",
        "60.0",
        "Sampah got/saluran (3), Sampah lingkungan (2), Sampah daun (1)",
    ] in rows
