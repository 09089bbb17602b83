"""The sections of the monthly report and the words people write in them (not computed).

The HTML page, the PDF, the spreadsheet and the document editor all name sections by these keys;
a file's tables (tables.py) belong to the section that `SECTION_OF` names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

SECTIONS: tuple[tuple[str, _StrPromise], ...] = (
    ("summary", _("Ringkasan")),
    ("status", _("Jumlah aduan per status")),
    ("classification", _("Klasifikasi")),
    ("categories", _("Lima kategori terbanyak")),
    ("agencies", _("Lima instansi atau unit kerja terbanyak")),
    ("areas", _("Wilayah (kecamatan dan kelurahan)")),
    ("channels", _("Kanal pengaduan dan titik lokasi")),
    ("times", _("Waktu tanggapan dan penyelesaian")),
    ("on_time", _("Ketepatan waktu")),
    ("late", _("Aduan melewati batas waktu")),
    ("satisfaction", _("Kepuasan pelapor")),
    ("scores", _("Nilai dan peringkat instansi")),
    ("review", _("Penyelesaian dikembalikan pemeriksa")),
    ("routing", _("Salah disposisi: bukan wewenang dan disposisi ulang")),
    ("coordination", _("Koordinasi antarinstansi")),
    ("information", _("Permintaan informasi kepada pelapor")),
    ("arrivals", _("Waktu kedatangan aduan dan tanggapan pertama")),
    ("duty", _("Piket di luar jam kerja")),
    ("reminders", _("Pengingat dan eskalasi")),
)
KEYS = tuple(key for key, _title in SECTIONS)

# Tables of the files that belong to a section of another name.
SECTION_OF = {
    "location": "channels",
    "bands": "times",
    "fast": "on_time",
    "overdue": "late",
    "review_reviewers": "review",
    "review_cases": "review",
    "routing_agencies": "routing",
    "routing_cases": "routing",
}


def section_of(table_key: str) -> str:
    return SECTION_OF.get(table_key, table_key)


@dataclass
class Signature:
    """Who signed a final version, as printed under it."""

    place: str
    day: date
    position: str
    name: str
    number: str = ""  # NIP


@dataclass
class ReportWords:
    """What people wrote for a report: the institution's preface and the month's commentary.

    `state` is printed under the title whenever this is not a signed version: a draft, or a
    copy recomputed after the report was signed. `signature` is set on signed versions only.
    """

    introduction: str = ""
    legal_basis: str = ""
    commentary: dict[str, str] = field(default_factory=dict)
    state: str = ""
    version: int | None = None
    note: str = ""
    signature: Signature | None = None

    def note_for(self, section: str) -> str:
        return self.commentary.get(section, "")
