"""Jakarta Pusat's monitoring and evaluation report of July 2022, replayed through the actions.

The hand-made original counted 255 complaints, 243 of them geotagged; Sampah 90; Kelurahan Gambir
29; an average completion of 3.4 hours with 224 complaints in the 0–10 h band; 25 units finishing
within one hour on average; JAKI 243, Twitter 6, Email 5 and SP4N-LAPOR! 1; a score of 100,
"Peringkat A". The complaints below are built to give exactly those numbers (which units handled
which is our own choice where the original does not say), each one submitted, accepted and resolved
through aduan/complaints/actions.py at its own moment, and the report is read at the city, the
kecamatan (Gambir, 69 complaints) and the kelurahan (Gambir, 29) level.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

from aduan.accounts.models import Membership, Role, User
from aduan.agencies.models import Agency, Area, AreaLevel, Category, RoutingRule
from aduan.complaints import actions
from aduan.complaints.channels import Channel, ChannelKind
from aduan.reports import monthly
from aduan.reports.models import ScoreFormula, ScorePredicate
from aduan.reports.period import Month

WIB = ZoneInfo("Asia/Jakarta")
JULY_2022 = Month(2022, 7)
K = Agency.Kind

# Kecamatan and their kelurahan (the last four digits of the area code are ours).
KECAMATAN = {
    "gambir": (
        "Gambir",
        ["Gambir", "Kebon Kelapa", "Petojo Utara", "Duri Pulo", "Cideng", "Petojo Selatan"],
    ),
    "tanah-abang": (
        "Tanah Abang",
        [
            "Bendungan Hilir",
            "Karet Tengsin",
            "Kebon Melati",
            "Kebon Kacang",
            "Kampung Bali",
            "Petamburan",
            "Gelora",
        ],
    ),
    "menteng": ("Menteng", ["Menteng", "Pegangsaan", "Cikini", "Gondangdia", "Kebon Sirih"]),
    "senen": ("Senen", ["Senen", "Kwitang", "Kenari", "Paseban", "Kramat", "Bungur"]),
    "sawah-besar": ("Sawah Besar", ["Pasar Baru", "Karang Anyar"]),
}
# Category → group; the four kinds of Sampah are its subcategories.
CATEGORIES = {
    "Sampah lingkungan": "Sampah",
    "Sampah got/saluran": "Sampah",
    "Sampah daun": "Sampah",
    "Sampah trotoar": "Sampah",
    "Jalan rusak": "Jalan",
    "Jembatan rusak": "Jalan",
    "Saluran tersumbat": "Saluran air",
    "Penerangan jalan": "Penerangan",
    "Lampu lalu lintas": "Lalu lintas",
    "Ketertiban umum": "Ketertiban",
    "Fasilitas umum": "Fasilitas umum",
    "Perizinan": "Perizinan",
}
# Suku dinas and the kecamatan office handle their categories anywhere (a category rule).
CITY_UNITS = {
    "Sudin Lingkungan Hidup": "Sampah trotoar",
    "Sudin Bina Marga": "Jembatan rusak",
    "Sudin Sumber Daya Air": "Saluran tersumbat",
    "Satpol PP": "Ketertiban umum",
    "Sudin Perhubungan": "Lampu lalu lintas",
}


@dataclass(frozen=True)
class Batch:
    """`count` complaints for one handler, of one category, each completed after `hours`."""

    handler: str  # the kelurahan's name, or a unit of CITY_UNITS, or "Kecamatan Gambir"
    category: str
    count: int
    hours: float
    channel: str = "jaki"


OTHER_KELURAHAN = [
    name for key, (_kec, names) in KECAMATAN.items() if key != "gambir" for name in names
]
BATCHES = [
    Batch("Gambir", "Sampah lingkungan", 20, 0.5),
    Batch("Gambir", "Jalan rusak", 4, 0.5),
    Batch("Gambir", "Jalan rusak", 3, 0.5, "twitter"),
    Batch("Gambir", "Jalan rusak", 2, 0.5, "email"),
    Batch("Cideng", "Sampah got/saluran", 10, 0.75),
    Batch("Petojo Utara", "Jalan rusak", 8, 1.0),
    Batch("Petojo Selatan", "Penerangan jalan", 7, 2.0),
    Batch("Kebon Kelapa", "Sampah lingkungan", 6, 0.5),
    Batch("Duri Pulo", "Jalan rusak", 4, 0.5),
    Batch("Kecamatan Gambir", "Perizinan", 5, 12.0),
    *(Batch(name, "Sampah daun", 2, 0.5) for name in OTHER_KELURAHAN),
    *(Batch(name, "Fasilitas umum", 3, 0.5) for name in OTHER_KELURAHAN),
    Batch("Sudin Lingkungan Hidup", "Sampah trotoar", 14, 3.0),
    Batch("Sudin Bina Marga", "Jembatan rusak", 13, 20.0),
    Batch("Sudin Bina Marga", "Jembatan rusak", 3, 20.0, "twitter"),
    Batch("Sudin Bina Marga", "Jembatan rusak", 3, 20.0, "email"),
    Batch("Sudin Bina Marga", "Jembatan rusak", 1, 20.0, "lapor"),
    Batch("Sudin Sumber Daya Air", "Saluran tersumbat", 6, 20.0),
    Batch("Sudin Sumber Daya Air", "Saluran tersumbat", 18, 3.0),
    Batch("Satpol PP", "Ketertiban umum", 20, 3.0),
    Batch("Sudin Perhubungan", "Lampu lalu lintas", 8, 4.0),
]


@dataclass
class Jakpus:
    nodes: dict[str, Agency]
    areas: dict[str, Area]


def _city() -> Jakpus:
    province = Area.objects.create(code="31", name="DKI Jakarta", level=AreaLevel.PROVINCE)
    regency = Area.objects.create(
        code="31.71", name="Jakarta Pusat", level=AreaLevel.REGENCY, parent=province
    )
    root = Agency.objects.create(
        code="jakpus", name="Pemerintah Kota Administrasi Jakarta Pusat", kind=K.GOVERNMENT
    )
    Agency.objects.create(
        code="ruang-kendali", name="Ruang Kendali Jakarta Pusat", kind=K.DESK, parent=root
    )
    nodes: dict[str, Agency] = {}
    areas: dict[str, Area] = {}
    for i, (key, (kec_name, kelurahan)) in enumerate(KECAMATAN.items(), start=1):
        kec_area = Area.objects.create(
            code=f"31.71.{i:02d}", name=kec_name, level=AreaLevel.DISTRICT, parent=regency
        )
        kec = Agency.objects.create(
            code=f"kec-{key}", name=f"Kecamatan {kec_name}", kind=K.DISTRICT, parent=root
        )
        nodes[f"Kecamatan {kec_name}"] = kec
        for j, name in enumerate(kelurahan, start=1):
            areas[name] = Area.objects.create(
                code=f"31.71.{i:02d}.{1000 + j}",
                name=name,
                level=AreaLevel.VILLAGE,
                parent=kec_area,
            )
            nodes[name] = Agency.objects.create(
                code=f"kel-{name.lower().replace(' ', '-')}",
                name=f"Kelurahan {name}",
                kind=K.VILLAGE,
                parent=kec,
            )
            RoutingRule.objects.create(area=areas[name], agency=nodes[name])
    categories = {
        name: Category.objects.create(
            slug=f"c{n}", name=name, group=group, auto_route=True, review_required=False
        )
        for n, (name, group) in enumerate(CATEGORIES.items())
    }
    for unit, category in CITY_UNITS.items():
        nodes[unit] = Agency.objects.create(
            code=unit.lower().replace(" ", "-"), name=unit, kind=K.AGENCY, parent=root
        )
        RoutingRule.objects.create(category=categories[category], agency=nodes[unit])
    RoutingRule.objects.create(category=categories["Perizinan"], agency=nodes["Kecamatan Gambir"])
    Channel.objects.create(
        code="jaki", name="JAKI", kind=ChannelKind.PARTNER, usually_geotagged=True
    )
    Channel.objects.create(code="twitter", name="Twitter", kind=ChannelKind.SOCIAL)
    Channel.objects.filter(code="email").update(name="Email")
    Channel.objects.filter(code="lapor").update(name="SP4N-LAPOR!")
    # Jakarta rates its units A to E.
    formula = ScoreFormula.objects.create(name="Jakarta 2022", valid_from=date(2022, 1, 1))
    for name, lowest in (("A", 90), ("B", 80), ("C", 70), ("D", 60), ("E", 0)):
        ScorePredicate.objects.create(
            formula=formula, name=f"Peringkat {name}", lowest_score=Decimal(lowest)
        )
    return Jakpus(nodes, areas)


def _replay(jakpus: Jakpus) -> None:
    officer = User.objects.create_user(username="petugas_jakpus", password="x")
    desk = User.objects.create_user(username="ruang_kendali", password="x")
    root = Agency.objects.get(code="jakpus")
    Membership.objects.create(user=officer, agency=root, role=Role.OFFICER)
    Membership.objects.create(
        user=desk, agency=Agency.objects.get(code="ruang-kendali"), role=Role.VERIFIER
    )
    categories = {c.name: c for c in Category.objects.all()}
    n = 0
    for batch in BATCHES:
        handler = jakpus.nodes[batch.handler]
        # Where it happened: the kelurahan itself, or a kelurahan of Tanah Abang for city units.
        area = jakpus.areas.get(batch.handler) or jakpus.areas["Bendungan Hilir"]
        if batch.handler == "Kecamatan Gambir":
            area = jakpus.areas["Gambir"]
        for _i in range(batch.count):
            sent = datetime(2022, 7, 1 + n % 28, 8, 0, tzinfo=WIB) + timedelta(minutes=n)
            n += 1
            located = batch.channel == "jaki"
            with time_machine.travel(sent, tick=False):
                complaint = actions.submit_complaint(
                    by=None if batch.channel == "jaki" else desk,
                    category=categories[batch.category],
                    title=f"{batch.category} di {area.name}",
                    description="Mohon ditindaklanjuti.",
                    area=area,
                    latitude=Decimal("-6.175000") if located else None,
                    longitude=Decimal("106.827000") if located else None,
                    channel=batch.channel,
                )
            assert complaint.assigned_path == handler.path, batch
            with time_machine.travel(sent + timedelta(hours=batch.hours / 2), tick=False):
                actions.accept_complaint(complaint, by=officer)
            with time_machine.travel(sent + timedelta(hours=batch.hours), tick=False):
                actions.resolve_complaint(complaint, by=officer, message="Sudah ditangani.")
    assert n == 255


def _figures(report: Any) -> dict[str, Any]:
    return {
        "received": report.received,
        "located": report.located.count,
        "channels": {r.label: r.count for r in report.by_channel},
        "completed": report.completed,
        "mean_hours": round(report.completion.mean_hours, 4),
        "bands": {r.label: r.count for r in report.bands if r.count},
        "fast_units": len(report.fast_agencies),
        "on_time": (report.on_time, report.with_limit),
        "score": (report.overall.value, report.overall.predicate),
    }


@pytest.mark.django_db
def test_july_2022_in_jakarta_pusat_at_city_kecamatan_and_kelurahan_level() -> None:
    jakpus = _city()
    _replay(jakpus)
    with time_machine.travel(datetime(2022, 8, 5, 9, tzinfo=WIB), tick=False):
        city = monthly.build(JULY_2022)
        kecamatan = monthly.build(JULY_2022, agency=jakpus.nodes["Kecamatan Gambir"])
        kelurahan = monthly.build(JULY_2022, agency=jakpus.nodes["Gambir"])

    assert _figures(city) == {
        "received": 255,
        "located": 243,
        "channels": {"JAKI": 243, "Twitter": 6, "Email": 5, "SP4N-LAPOR!": 1},
        "completed": 255,
        "mean_hours": 3.4,
        "bands": {"0–10 jam": 224, "11–20 jam": 31},
        "fast_units": 25,
        "on_time": (255, 255),
        "score": (100.0, "Peringkat A"),
    }
    groups = {r.label: r.count for r in city.by_group}
    assert groups["Sampah"] == 90
    assert max(groups, key=lambda g: groups[g]) == "Sampah"
    assert [(c.label, c.count) for c in city.by_group[0].extra["children"]] == [
        ("Sampah daun", 40),
        ("Sampah lingkungan", 26),
        ("Sampah trotoar", 14),
        ("Sampah got/saluran", 10),
    ]
    gambir = city.top_agencies[0]
    assert (gambir.label, gambir.count) == ("Kelurahan Gambir", 29)
    assert gambir.extra["about"] == [("Sampah lingkungan", 20), ("Jalan rusak", 9)]
    assert [a.rank for a in city.agencies] == [1] * len(city.agencies)  # every unit scored 100

    assert _figures(kecamatan) == {
        "received": 69,
        "located": 64,
        "channels": {"JAKI": 64, "Twitter": 3, "Email": 2},
        "completed": 69,
        "mean_hours": round(109 / 69, 4),
        "bands": {"0–10 jam": 64, "11–20 jam": 5},
        "fast_units": 5,
        "on_time": (69, 69),
        "score": (100.0, "Peringkat A"),
    }
    assert [(r.label, r.count) for r in kecamatan.top_agencies] == [
        ("Kelurahan Gambir", 29),
        ("Kelurahan Cideng", 10),
        ("Kelurahan Petojo Utara", 8),
        ("Kelurahan Petojo Selatan", 7),
        ("Kelurahan Kebon Kelapa", 6),
    ]
    assert {r.label: r.count for r in kecamatan.by_group}["Sampah"] == 36
    assert Counter(a.agency.name for a in kecamatan.agencies) == Counter(
        ["Kecamatan Gambir"] + [f"Kelurahan {k}" for k in KECAMATAN["gambir"][1]]
    )

    assert _figures(kelurahan) == {
        "received": 29,
        "located": 24,
        "channels": {"JAKI": 24, "Twitter": 3, "Email": 2},
        "completed": 29,
        "mean_hours": 0.5,
        "bands": {"0–10 jam": 29},
        "fast_units": 1,
        "on_time": (29, 29),
        "score": (100.0, "Peringkat A"),
    }
    assert [(r.label, r.count, r.extra["about"]) for r in kelurahan.top_agencies] == [
        ("Kelurahan Gambir", 29, [("Sampah lingkungan", 20), ("Jalan rusak", 9)])
    ]
    assert {r.label: r.count for r in kelurahan.by_group} == {"Sampah": 20, "Jalan": 9}
