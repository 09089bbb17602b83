"""The demo city's structure as data: agencies, categories, routing, deadlines, templates, people."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.hashers import make_password

from aduan.accounts import citizens
from aduan.accounts.models import Membership, Role, User
from aduan.agencies.management.commands.load_areas import load_file
from aduan.agencies.models import (
    Agency,
    Area,
    Category,
    Classification,
    Complexity,
    DeadlineRule,
    RoutingRule,
    Step,
)
from aduan.complaints.models import ResponseTemplate
from aduan.complaints.states import Status

from . import map as citymap

AREAS_CSV = Path(__file__).with_name("wilayah_kota_tangerang.csv")
# Published in the README and printed by serve_demo: the demo is for trying things out only.
PASSWORD = "demo-aduan-2026"  # noqa: S105
# The demo citizen signs in with this email (or phone) on /akun/masuk/; their username is opaque.
CITIZEN_EMAIL = "warga@example.com"
CITIZEN_PHONE = "+6281200002026"

K = Agency.Kind

# code, name, short name, kind, parent code, area code
AGENCIES: list[tuple[str, str, str, str, str, str]] = [
    ("pemkot", "Pemerintah Kota Contoh", "Pemkot Contoh", K.GOVERNMENT, "", "36.71"),
    ("ruang-kendali", "UPT Pengelola Ruang Kendali", "Ruang Kendali", K.DESK, "pemkot", ""),
    ("dinas-pupr", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR", K.AGENCY, "pemkot", ""),
    ("pupr-bina-marga", "Bidang Bina Marga", "", K.UNIT, "dinas-pupr", ""),
    ("pupr-sda", "Bidang Sumber Daya Air", "", K.UNIT, "dinas-pupr", ""),
    ("dlh", "Dinas Lingkungan Hidup", "DLH", K.AGENCY, "pemkot", ""),
    ("dlh-upt-kebersihan", "UPT Kebersihan", "", K.UNIT, "dlh", ""),
    ("dishub", "Dinas Perhubungan", "Dishub", K.AGENCY, "pemkot", ""),
    ("satpol-pp", "Satuan Polisi Pamong Praja", "Satpol PP", K.AGENCY, "pemkot", ""),
    ("dinkes", "Dinas Kesehatan", "Dinkes", K.AGENCY, "pemkot", ""),
    (
        "disdukcapil",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        K.AGENCY,
        "pemkot",
        "",
    ),
    ("damkar", "Dinas Pemadam Kebakaran dan Penyelamatan", "Damkar", K.AGENCY, "pemkot", ""),
    ("dp3a", "Dinas Pemberdayaan Perempuan dan Perlindungan Anak", "DP3A", K.AGENCY, "pemkot", ""),
    ("inspektorat", "Inspektorat Daerah", "Inspektorat", K.AGENCY, "pemkot", ""),
    ("pdam", "Perumda Air Minum Kota Contoh", "PDAM", K.ENTERPRISE, "pemkot", ""),
    ("kec-tangerang", "Kecamatan Tangerang", "Kec. Tangerang", K.DISTRICT, "pemkot", "36.71.01"),
    ("kel-sukarasa", "Kelurahan Sukarasa", "Kel. Sukarasa", K.VILLAGE, "kec-tangerang", ""),
    ("kel-sukasari", "Kelurahan Sukasari", "Kel. Sukasari", K.VILLAGE, "kec-tangerang", ""),
    ("kel-babakan", "Kelurahan Babakan", "Kel. Babakan", K.VILLAGE, "kec-tangerang", ""),
    ("kec-karawaci", "Kecamatan Karawaci", "Kec. Karawaci", K.DISTRICT, "pemkot", "36.71.07"),
    ("kel-karawaci", "Kelurahan Karawaci", "Kel. Karawaci", K.VILLAGE, "kec-karawaci", ""),
    ("kel-cimone", "Kelurahan Cimone", "Kel. Cimone", K.VILLAGE, "kec-karawaci", ""),
]
VILLAGE_AREAS = {
    "kel-sukarasa": "36.71.01.1001",
    "kel-sukasari": "36.71.01.1002",
    "kel-babakan": "36.71.01.1003",
    "kel-karawaci": "36.71.07.1001",
    "kel-cimone": "36.71.07.1003",
}

C, X = Classification, Complexity


@dataclass(frozen=True)
class CategorySpec:
    slug: str
    name: str
    group: str
    agency: str  # routing target (agency code); "" leaves it with the desk
    classification: str = C.COMPLAINT
    complexity: str = X.MEDIUM
    description: str = ""
    flags: dict[str, object] = field(default_factory=dict)


CATEGORIES: list[CategorySpec] = [
    CategorySpec(
        "jalan-rusak",
        "Jalan Rusak",
        "Infrastruktur",
        "pupr-bina-marga",
        description="Jalan berlubang, retak, atau amblas.",
    ),
    CategorySpec(
        "lampu-pju-mati",
        "Lampu PJU Mati",
        "Infrastruktur",
        "dishub",
        complexity=X.LIGHT,
        description="Lampu penerangan jalan umum padam atau berkedip.",
    ),
    CategorySpec("trotoar-rusak", "Trotoar Rusak", "Infrastruktur", "pupr-bina-marga"),
    CategorySpec(
        "jembatan-rusak", "Jembatan Rusak", "Infrastruktur", "pupr-bina-marga", complexity=X.HEAVY
    ),
    CategorySpec(
        "drainase-tersumbat",
        "Drainase Tersumbat",
        "Infrastruktur",
        "pupr-sda",
        description="Saluran air atau gorong-gorong tersumbat.",
    ),
    CategorySpec(
        "banjir-genangan",
        "Banjir/Genangan",
        "Bencana",
        "pupr-sda",
        flags={"is_urgent": True, "auto_route": True},
        description="Genangan atau banjir di jalan dan permukiman.",
    ),
    CategorySpec(
        "pohon-tumbang",
        "Pohon Tumbang",
        "Bencana",
        "dlh",
        flags={"is_urgent": True, "auto_route": True, "evidence_required": True},
        description="Pohon tumbang atau dahan patah yang menghalangi jalan.",
    ),
    CategorySpec(
        "kebakaran",
        "Kebakaran",
        "Darurat",
        "damkar",
        flags={
            "is_emergency": True,
            "is_urgent": True,
            "auto_route": True,
            "hotline_text": "Hubungi 112 atau Damkar 113",
        },
        description="Kebakaran rumah, lahan, atau bangunan.",
    ),
    CategorySpec(
        "kedaruratan-medis",
        "Kedaruratan Medis",
        "Darurat",
        "dinkes",
        flags={
            "is_emergency": True,
            "is_urgent": True,
            "hotline_text": "Hubungi 112 atau ambulans 119",
        },
    ),
    CategorySpec(
        "sampah-menumpuk",
        "Sampah Menumpuk",
        "Lingkungan",
        "dlh-upt-kebersihan",
        complexity=X.LIGHT,
        description="Sampah tidak diangkut atau TPS liar.",
    ),
    CategorySpec("pencemaran-sungai", "Pencemaran Sungai", "Lingkungan", "dlh"),
    CategorySpec("pembakaran-sampah", "Pembakaran Sampah", "Lingkungan", "dlh"),
    CategorySpec("parkir-liar", "Parkir Liar", "Ketertiban", "dishub"),
    CategorySpec("pedagang-kaki-lima", "Pedagang Kaki Lima", "Ketertiban", "satpol-pp"),
    CategorySpec("reklame-liar", "Reklame Liar", "Ketertiban", "satpol-pp", complexity=X.LIGHT),
    CategorySpec("gangguan-ketertiban", "Gangguan Ketertiban", "Ketertiban", "satpol-pp"),
    CategorySpec("izin-bangunan", "Izin Bangunan", "Perizinan", "dinas-pupr"),
    CategorySpec("lampu-lalu-lintas", "Lampu Lalu Lintas Rusak", "Transportasi", "dishub"),
    CategorySpec("angkutan-umum", "Angkutan Umum", "Transportasi", "dishub"),
    CategorySpec(
        "layanan-ktp-kk",
        "Layanan KTP/KK",
        "Layanan Publik",
        "disdukcapil",
        flags={"asks_for_nik": True},
        description="Pembuatan atau perubahan KTP-el dan Kartu Keluarga.",
    ),
    CategorySpec(
        "akta-kelahiran",
        "Akta Kelahiran",
        "Layanan Publik",
        "disdukcapil",
        classification=C.INFORMATION,
        flags={"asks_for_nik": True},
    ),
    CategorySpec(
        "air-pdam-mati",
        "Air PDAM Mati",
        "Layanan Publik",
        "pdam",
        complexity=X.LIGHT,
        description="Air tidak mengalir, keruh, atau pipa bocor.",
    ),
    CategorySpec("tagihan-pdam", "Tagihan PDAM", "Layanan Publik", "pdam"),
    CategorySpec(
        "fasilitas-kesehatan",
        "Fasilitas Kesehatan",
        "Kesehatan",
        "dinkes",
        description="Pelayanan puskesmas dan rumah sakit daerah.",
    ),
    CategorySpec("demam-berdarah", "Fogging/Demam Berdarah", "Kesehatan", "dinkes"),
    CategorySpec(
        "pungli",
        "Pungli",
        "Pengawasan",
        "inspektorat",
        classification=C.MISCONDUCT,
        flags={"is_sensitive": True},
        description="Pungutan liar oleh petugas layanan.",
    ),
    CategorySpec(
        "penyalahgunaan-wewenang",
        "Penyalahgunaan Wewenang",
        "Pengawasan",
        "inspektorat",
        classification=C.MISCONDUCT,
        flags={"is_sensitive": True},
    ),
    CategorySpec(
        "kekerasan-anak",
        "Kekerasan terhadap Anak",
        "Perlindungan",
        "dp3a",
        flags={"is_sensitive": True},
    ),
    CategorySpec(
        "permintaan-informasi",
        "Permintaan Informasi",
        "Informasi dan Aspirasi",
        "",
        classification=C.INFORMATION,
        complexity=X.LIGHT,
    ),
    CategorySpec(
        "saran-masukan",
        "Saran dan Masukan",
        "Informasi dan Aspirasi",
        "",
        classification=C.ASPIRATION,
        complexity=X.LIGHT,
    ),
]

# (category slug or "", area code or "", agency code): the most specific rule wins (routing.py).
AREA_RULES: list[tuple[str, str, str]] = [
    ("pedagang-kaki-lima", "36.71.01", "kec-tangerang"),
    ("pedagang-kaki-lima", "36.71.07", "kec-karawaci"),
    ("sampah-menumpuk", "36.71.07", "kec-karawaci"),
    ("drainase-tersumbat", "36.71.01.1001", "kel-sukarasa"),
    ("gangguan-ketertiban", "36.71.01.1002", "kel-sukasari"),
    ("", "36.71.01", "kec-tangerang"),
    ("", "36.71.07", "kec-karawaci"),
]

# (step, category slug or "", complexity or "", amount, unit)
W, H = DeadlineRule.Unit.WORKING_DAYS, DeadlineRule.Unit.HOURS
DEADLINES: list[tuple[str, str, str, int, str]] = [
    (Step.COMPLETION, "lampu-pju-mati", X.LIGHT, 3, W),
    (Step.FIRST_RESPONSE, "pohon-tumbang", "", 2, H),
    (Step.COMPLETION, "pohon-tumbang", "", 24, H),
    (Step.FIRST_RESPONSE, "banjir-genangan", "", 4, H),
    (Step.COMPLETION, "banjir-genangan", "", 48, H),
    (Step.FIRST_RESPONSE, "kebakaran", "", 1, H),
    (Step.COMPLETION, "kebakaran", "", 24, H),
    (Step.COMPLETION, "air-pdam-mati", "", 2, W),
    (Step.COMPLETION, "sampah-menumpuk", "", 3, W),
    (Step.COMPLETION, "", X.HEAVY, 30, W),
]

# (title, body, category slug or "", status)
TEMPLATES: list[tuple[str, str, str, str]] = [
    (
        "Mohon lengkapi lokasi",
        "Terima kasih atas laporan Anda. Mohon sebutkan lokasi yang lebih rinci (nama jalan, "
        "nomor rumah atau patokan terdekat) agar petugas dapat segera menuju lokasi.",
        "",
        Status.NEEDS_INFO,
    ),
    (
        "Mohon lampirkan foto",
        "Agar dapat kami tindak lanjuti, mohon kirimkan foto kondisi di lokasi.",
        "",
        Status.NEEDS_INFO,
    ),
    (
        "Diterima dan dijadwalkan",
        "Laporan Anda telah kami terima dan dijadwalkan untuk ditinjau petugas lapangan dalam "
        "waktu dekat. Perkembangan akan kami sampaikan melalui linimasa ini.",
        "",
        Status.IN_PROGRESS,
    ),
    (
        "Penambalan dijadwalkan",
        "Tim Bidang Bina Marga telah meninjau lokasi. Penambalan jalan dijadwalkan minggu ini "
        "sesuai urutan prioritas pemeliharaan.",
        "jalan-rusak",
        Status.IN_PROGRESS,
    ),
    (
        "Penyelesaian dengan foto",
        "Penanganan telah selesai dilakukan. Foto sebelum dan sesudah penanganan kami lampirkan. "
        "Mohon konfirmasi apabila kondisi di lokasi sudah sesuai.",
        "",
        Status.RESOLVED,
    ),
    (
        "Sampah sudah diangkut",
        "Tumpukan sampah telah diangkut oleh armada UPT Kebersihan. Jadwal pengangkutan rutin di "
        "lokasi tersebut adalah setiap Senin, Rabu, dan Jumat.",
        "sampah-menumpuk",
        Status.RESOLVED,
    ),
    (
        "Lampu sudah menyala",
        "Lampu PJU telah diperbaiki dan kembali menyala. Terima kasih atas laporan Anda.",
        "lampu-pju-mati",
        Status.RESOLVED,
    ),
    (
        "Di luar kewenangan pemerintah kota",
        "Lokasi yang dilaporkan merupakan kewenangan pemerintah provinsi/pusat. Silakan "
        "menyampaikan laporan melalui SP4N-LAPOR! di lapor.go.id agar diteruskan ke instansi yang "
        "berwenang.",
        "",
        Status.REJECTED,
    ),
    (
        "Diteruskan ke instansi",
        "Laporan Anda telah diverifikasi dan diteruskan ke instansi yang berwenang.",
        "",
        Status.ROUTED,
    ),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str  # staff sign in with it; for the citizen only the demo's own name for them
    display_name: str
    role: str  # a Role value, or "citizen"
    agency: str  # agency code ("" for the citizen)
    description: str
    identity: bool = False
    superuser: bool = False

    @property
    def sign_in_as(self) -> str:
        """What to type at sign-in: a staff username, or the citizen's email."""
        return CITIZEN_EMAIL if self.role == "citizen" else self.username


# The accounts printed by serve_demo; every one has the password PASSWORD.
ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "verifikator",
        "Rina Verifikator",
        Role.VERIFIER,
        "ruang-kendali",
        "verifier at the complaint desk",
        identity=True,
    ),
    DemoAccount(
        "petugas_pupr", "Budi Santoso", Role.OFFICER, "dinas-pupr", "officer of Dinas PUPR"
    ),
    DemoAccount("petugas_dlh", "Dewi Lestari", Role.OFFICER, "dlh", "officer of DLH"),
    DemoAccount(
        "pimpinan_pupr",
        "Ir. Hendra Wijaya",
        Role.SUPERVISOR,
        "dinas-pupr",
        "supervisor (head) of Dinas PUPR",
    ),
    DemoAccount(
        "pimpinan_kota",
        "Drs. Agus Pratama",
        Role.SUPERVISOR,
        "pemkot",
        "city leadership (supervisor of the whole city)",
    ),
    DemoAccount(
        "admin",
        "Administrator Sistem",
        Role.ADMINISTRATOR,
        "pemkot",
        "administrator, also Django admin at /admin/",
        superuser=True,
    ),
    DemoAccount(
        "ppd",
        "Sari Pelindungan Data",
        Role.DPO,
        "pemkot",
        "data protection officer (DPO)",
        identity=True,
    ),
    DemoAccount(
        "warga",
        "Ahmad Fauzi",
        "citizen",
        "",
        "citizen with an account (email or 0812 0000 2026, at /akun/masuk/)",
    ),
]
# Officers of the other agencies, so every complaint in the history is handled by its own staff.
OTHER_OFFICERS: dict[str, str] = {
    "dishub": "Yusuf Hidayat",
    "satpol-pp": "Rudi Hartono",
    "dinkes": "dr. Maya Sari",
    "disdukcapil": "Fitri Handayani",
    "damkar": "Joko Susilo",
    "dp3a": "Nur Aisyah",
    "inspektorat": "Bambang Setiawan",
    "pdam": "Eko Prasetyo",
    "kec-tangerang": "Lina Marlina",
    "kec-karawaci": "Taufik Rahman",
}


def officer_username(agency_code: str) -> str:
    return "petugas_" + agency_code.replace("-", "_")


def build_areas() -> dict[str, Area]:
    """Load the demo's Kemendagri CSV, then add outlines and centroids for the map."""
    load_file(AREAS_CSV)
    areas = {area.code: area for area in Area.objects.filter(code__startswith="36")}
    city = areas["36.71"]
    city.latitude, city.longitude = Decimal("-6.178306"), Decimal("106.631889")
    city.save()
    for code, cells in citymap.DISTRICTS.items():
        district = areas[code]
        district.shape = citymap.outline(*cells)
        district.latitude, district.longitude = citymap.centroid(*cells)
        district.save()
        villages = sorted(a for a in areas if a.startswith(code + "."))
        for index, village_code in enumerate(villages):
            village = areas[village_code]
            village_cells = citymap.village_cells(code, index, len(villages))
            village.shape = citymap.outline(*village_cells)
            village.latitude, village.longitude = citymap.centroid(*village_cells)
            village.save()
    return areas


def village_cells_of(area: Area) -> tuple[int, int, int, int]:
    district = area.code.rsplit(".", 1)[0]
    siblings = sorted(Area.objects.filter(parent_id=district).values_list("code", flat=True))
    return citymap.village_cells(district, siblings.index(area.code), len(siblings))


def build_agencies(areas: dict[str, Area]) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for code, name, short, kind, parent, area_code in AGENCIES:
        area_code = area_code or VILLAGE_AREAS.get(code, "")
        agencies[code] = Agency.objects.create(
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            parent=agencies[parent] if parent else None,
            area=areas[area_code] if area_code else None,
        )
    # Emergency services work every day of the week.
    Agency.objects.filter(code__in=["damkar", "dlh", "pdam"]).update(working_days="1234567")
    return agencies


def build_categories(areas: dict[str, Area], agencies: dict[str, Agency]) -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for order, spec in enumerate(CATEGORIES):
        categories[spec.slug] = Category.objects.create(
            slug=spec.slug,
            name=spec.name,
            group=spec.group,
            description=spec.description,
            default_classification=spec.classification,
            complexity=spec.complexity,
            sort_order=order * 10,
            **spec.flags,
        )
        if spec.agency:
            RoutingRule.objects.create(category=categories[spec.slug], agency=agencies[spec.agency])
    for slug, area_code, agency_code in AREA_RULES:
        RoutingRule.objects.create(
            category=categories[slug] if slug else None,
            area=areas[area_code] if area_code else None,
            agency=agencies[agency_code],
            note="Wilayah kecamatan/kelurahan menangani sendiri.",
        )
    for step, slug, complexity, amount, unit in DEADLINES:
        DeadlineRule.objects.create(
            step=step,
            category=categories[slug] if slug else None,
            complexity=complexity,
            amount=amount,
            unit=unit,
        )
    for title, body, slug, status in TEMPLATES:
        ResponseTemplate.objects.create(
            title=title, body=body, category=categories[slug] if slug else None, status=status
        )
    return categories


def build_people(agencies: dict[str, Agency]) -> dict[str, User]:
    # One hash for every account: hashing is deliberately slow, and these passwords are public.
    hashed = make_password(PASSWORD)
    people: dict[str, User] = {}
    for account in ACCOUNTS:
        if account.role == "citizen":
            citizen = citizens.create_citizen(
                email=CITIZEN_EMAIL,
                phone=CITIZEN_PHONE,
                name=account.display_name,
                password=None,
            )
            citizen.password = hashed
            citizen.save(update_fields=["password"])
            people[account.username] = citizen
            continue
        user = User.objects.create(
            username=account.username,
            password=hashed,
            email=f"{account.username}@example.com",
            display_name=account.display_name,
            is_staff=account.superuser,
            is_superuser=account.superuser,
        )
        if account.agency:
            Membership.objects.create(
                user=user,
                agency=agencies[account.agency],
                role=account.role,
                can_view_identity=account.identity,
            )
        people[account.username] = user
    for code, display_name in OTHER_OFFICERS.items():
        username = officer_username(code)
        user = User.objects.create(
            username=username,
            password=hashed,
            email=f"{username}@example.com",
            display_name=display_name,
        )
        Membership.objects.create(user=user, agency=agencies[code], role=Role.OFFICER)
        people[username] = user
    return people


def account_lines() -> list[str]:
    """The demo accounts as lines for a terminal: username (the citizen: email), password, role."""
    width = max(len(a.sign_in_as) for a in ACCOUNTS)
    lines = [f"  {a.sign_in_as:<{width}}  {PASSWORD}  {a.description}" for a in ACCOUNTS]
    lines.append(
        f"  {'petugas_<instansi>':<{width}}  {PASSWORD}  officers of the other agencies, e.g. "
        + ", ".join(officer_username(code) for code in list(OTHER_OFFICERS)[:3])
    )
    return lines
