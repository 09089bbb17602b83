"""The shapes of the JSON API: what each endpoint takes (strict: unknown fields are refused) and
gives back. Text never carries a NUL character; sizes follow the web forms'."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(_("Teks tidak boleh memuat karakter NUL."))
    return value


def Text(max_length: int, min_length: int = 0) -> object:
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length),
        AfterValidator(_no_nul),
    ]


class In(Schema):
    """Every request body: unknown fields are an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------------------------------------
# Reference data


class CategoryOut(Schema):
    slug: str
    name: str
    group: str
    description: str
    default_classification: str
    is_emergency: bool = Field(description="Darurat: tampilkan nomor darurat (hotline) dahulu.")
    hotline_text: str
    is_urgent: bool
    is_sensitive: bool = Field(description="Aduan di kategori ini otomatis rahasia dan anonim.")
    asks_for_nik: bool
    location_required: bool = Field(
        description="Kelurahan wajib untuk klasifikasi bawaan kategori ini."
    )


class AreaOut(Schema):
    code: str
    name: str
    level: str
    parent: str | None


class ChannelOut(Schema):
    code: str
    name: str
    kind: str


# ---------------------------------------------------------------------------------------------
# Public: submit, track, answer, confirm, dispute, support

Photo = Annotated[str, StringConstraints(min_length=1, max_length=14_500_000)]


class ReporterIn(In):
    name: Text(150) = ""  # type: ignore[valid-type]
    email: Text(254) = ""  # type: ignore[valid-type]
    phone: Text(20) = ""  # type: ignore[valid-type]
    phone_channel: Literal["whatsapp", "sms"] = "whatsapp"
    nik: Text(20) = ""  # type: ignore[valid-type]


class SubmitIn(In):
    category: Text(60, 1) = Field(description="Kode kategori (slug), dari GET /categories.")  # type: ignore[valid-type]
    classification: Literal["", "complaint", "aspiration", "information", "misconduct"] = ""
    title: Text(150, 1)  # type: ignore[valid-type]
    description: Text(5000, 1)  # type: ignore[valid-type]
    occurred_on: date | None = None
    occurred_time: Text(100) = ""  # type: ignore[valid-type]
    parties_involved: Text(500) = ""  # type: ignore[valid-type]
    area: Text(20) = Field("", description="Kode kelurahan/desa (Kemendagri), dari GET /areas.")  # type: ignore[valid-type]
    address: Text(300) = ""  # type: ignore[valid-type]
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = None
    is_anonymous: bool = False
    is_confidential: bool = False
    reporter: ReporterIn | None = None
    photos: list[Photo] = Field(
        default_factory=list,
        max_length=50,
        description="Foto JPEG, PNG atau WebP, masing-masing dikodekan base64; paling banyak "
        "sesuai batas foto kota (ADUAN_MAX_PHOTOS, bawaan 5).",
    )
    consent: Literal[True] = Field(
        description="Pelapor menyetujui pemberitahuan privasi (GET /privacy-notice)."
    )


class SubmittedOut(Schema):
    tracking_code: str
    reporter_key: str = Field(
        description="Kunci rahasia pelapor: kirim sebagai X-Reporter-Key untuk menjawab, "
        "mengonfirmasi atau menyanggah. Simpan di perangkat pelapor saja."
    )
    status: str
    public_status: str
    url: str


class PhotoOut(Schema):
    url: str
    kind: str


class EntryOut(Schema):
    kind: str
    label: str
    at: datetime
    author: str
    message: str
    photos: list[PhotoOut]


class PublicComplaintOut(Schema):
    tracking_code: str
    classification: str
    category: str
    category_name: str
    status: str
    public_status: str
    title: str
    description: str
    area: str | None
    area_name: str
    address: str
    latitude: float | None
    longitude: float | None
    agency: str
    channel: str
    support_count: int
    created_at: datetime
    resolved_at: datetime | None
    is_reporter: bool = Field(description="Benar bila X-Reporter-Key yang dikirim sah.")
    question: str = Field(description="Pertanyaan petugas yang menunggu jawaban pelapor.")
    resolution: str = Field(description="Penyelesaian yang menunggu konfirmasi pelapor.")
    timeline: list[EntryOut]


class AnswerIn(In):
    answer: Text(5000, 1)  # type: ignore[valid-type]
    public: bool = False
    photos: list[Photo] = Field(default_factory=list, max_length=50)


class ConfirmIn(In):
    rating: int = Field(ge=1, le=5)
    comment: Text(1000) = ""  # type: ignore[valid-type]
    public: bool = False


class DisputeIn(In):
    reason: Text(2000, 1)  # type: ignore[valid-type]
    public: bool = False
    photos: list[Photo] = Field(default_factory=list, max_length=50)


class SupportIn(In):
    device: Text(64) = Field(  # type: ignore[valid-type]
        "",
        description="Pengenal acak yang disimpan aplikasi, agar satu perangkat dihitung sekali.",
    )


class SupportOut(Schema):
    counted: bool
    support_count: int


class StatusOut(Schema):
    tracking_code: str
    status: str
    public_status: str


# ---------------------------------------------------------------------------------------------
# Staff


class QueueOut(Schema):
    slug: str
    label: str


class StaffComplaintOut(Schema):
    tracking_code: str
    version: int
    status: str
    status_label: str
    public_status: str
    classification: str
    category: str
    category_name: str
    complexity: str
    title: str
    description: str
    area: str | None
    area_name: str
    address: str
    latitude: float | None
    longitude: float | None
    channel: str
    channel_name: str
    agency: str | None
    unit: str | None
    step: str
    due_at: datetime | None
    is_overdue: bool
    is_anonymous: bool
    is_confidential: bool
    is_published: bool
    support_count: int
    created_at: datetime
    updated_at: datetime
    actions: list[str] = Field(description="Tindakan yang boleh Anda lakukan sekarang.")


class StaffEntryOut(Schema):
    kind: str
    label: str
    at: datetime
    is_public: bool
    author: str
    message: str
    status_before: str
    status_after: str


class Versioned(In):
    version: int = Field(
        ge=1, description="Versi aduan yang Anda baca; berbeda dari sekarang: 409."
    )


class VerifyIn(Versioned):
    target: Text(60, 1) = Field(description="Kode instansi atau unit tujuan.")  # type: ignore[valid-type]
    classification: Literal["complaint", "aspiration", "information", "misconduct"] | None = None
    category: Text(60) | None = None  # type: ignore[valid-type]
    complexity: Literal["light", "medium", "heavy"] | None = None
    title: Text(150) | None = None  # type: ignore[valid-type]
    description: Text(5000) | None = None  # type: ignore[valid-type]
    is_anonymous: bool | None = None
    is_confidential: bool | None = None
    note: Text(2000) = ""  # type: ignore[valid-type]


class RequestInfoIn(Versioned):
    question: Text(2000, 1)  # type: ignore[valid-type]


class RejectIn(Versioned):
    reason: Literal["spam", "incomplete", "out_of_scope", "not_government", "duplicate"]
    message: Text(2000) = ""  # type: ignore[valid-type]


class RouteIn(Versioned):
    target: Text(60, 1)  # type: ignore[valid-type]
    reason: Text(2000, 1)  # type: ignore[valid-type]
    title: Text(150) | None = None  # type: ignore[valid-type]
    description: Text(5000) | None = None  # type: ignore[valid-type]


class MergeIn(Versioned):
    into: Text(20, 1) = Field(description="Kode lacak aduan tujuan.")  # type: ignore[valid-type]


class RouteToUnitIn(Versioned):
    unit: Text(60, 1)  # type: ignore[valid-type]
    note: Text(2000) = ""  # type: ignore[valid-type]


class CoordinationIn(Versioned):
    agency: Text(60, 1)  # type: ignore[valid-type]
    message: Text(2000, 1)  # type: ignore[valid-type]


class ReasonIn(Versioned):
    reason: Text(2000, 1)  # type: ignore[valid-type]


class UpdateIn(Versioned):
    message: Text(5000, 1)  # type: ignore[valid-type]
    public: bool = True
    photos: list[Photo] = Field(default_factory=list, max_length=50)


class ResolveIn(Versioned):
    message: Text(5000, 1)  # type: ignore[valid-type]
    before: list[Photo] = Field(default_factory=list, max_length=50)
    after: list[Photo] = Field(default_factory=list, max_length=50)
    photos: list[Photo] = Field(default_factory=list, max_length=50)


class ReopenIn(Versioned):
    reason: Text(2000, 1)  # type: ignore[valid-type]
    channel: Text(20, 1) = Field(description="Kanal tempat pelapor menyanggah (telepon...).")  # type: ignore[valid-type]
    photos: list[Photo] = Field(default_factory=list, max_length=50)


class OpenDataOut(Schema):
    kode_lacak: str
    tanggal_diajukan: str
    klasifikasi: str
    kategori: str
    kode_kelurahan: str
    kelurahan: str
    status: str
    instansi: str
    kanal: str
    tanggal_selesai: str
    lintang: float | None
    bujur: float | None
