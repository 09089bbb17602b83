"""The citizen's forms: one per step of the report, and the reporter's answers on the tracking page.

Forms only validate and return cleaned_data; the views pass it to the actions.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aduan.agencies.models import Area, AreaLevel, Category, Classification
from aduan.lib import nik as nik_lib
from aduan.lib import phone as phone_lib
from aduan.lib.images import PhotosField

CITIZEN_CLASSIFICATIONS = [
    (
        Classification.COMPLAINT,
        _("Pengaduan"),
        _(
            "Ada layanan atau fasilitas pemerintah yang tidak berjalan semestinya: jalan rusak, "
            "sampah tidak diangkut, pelayanan yang buruk, atau pungutan liar."
        ),
    ),
    (
        Classification.ASPIRATION,
        _("Aspirasi"),
        _("Usul, saran, atau apresiasi untuk pemerintah daerah."),
    ),
    (
        Classification.INFORMATION,
        _("Permintaan informasi"),
        _("Pertanyaan tentang layanan, aturan, atau data pemerintah daerah."),
    ),
]


def _readable(value: str) -> None:
    # Django turns undecodable bytes into U+FFFD; say so instead of storing garbled text.
    if "\ufffd" in value:
        raise ValidationError(
            _("Teks berisi karakter yang tidak dapat dibaca. Ketik ulang teks tersebut.")
        )


def text(label: Any, max_length: int, *, required: bool = True, **kwargs: Any) -> forms.CharField:
    messages = {
        "max_length": _("Paling banyak %(limit_value)d karakter (sekarang %(show_value)d).")
    }
    messages.update(kwargs.pop("error_messages", {}))
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[_readable],
        error_messages=messages,
        **kwargs,
    )


class ClassificationForm(forms.Form):
    classification = forms.ChoiceField(
        label=_("Apa jenis laporan Anda?"),
        choices=[(value, label) for value, label, _hint in CITIZEN_CLASSIFICATIONS],
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih jenis laporan Anda.")},
    )


class CategoryForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("Apa yang ingin Anda laporkan?"),
        queryset=Category.objects.filter(is_active=True),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Pilih kategori yang paling sesuai."),
            "invalid_choice": _("Kategori ini tidak tersedia. Pilih dari daftar."),
        },
    )


def search_categories(query: str) -> QuerySet[Category]:
    categories = Category.objects.filter(is_active=True)
    for word in query.split()[:5]:
        categories = categories.filter(
            Q(name__icontains=word) | Q(group__icontains=word) | Q(description__icontains=word)
        )
    return categories.order_by("group", "sort_order", "name")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d", attrs={"class": "input--short"})


class WhatForm(forms.Form):
    title = text(
        _("Judul singkat"),
        150,
        help_text=_("Contoh: Jalan berlubang di depan SDN 3 Sukasari"),
        error_messages={"required": _("Tuliskan judul singkat aduan Anda.")},
    )
    description = text(
        _("Apa yang terjadi?"),
        5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Ceritakan masalahnya, sejak kapan, dan dampaknya bagi Anda atau warga lain."),
        error_messages={"required": _("Ceritakan apa yang terjadi.")},
    )
    occurred_on = forms.DateField(
        label=_("Tanggal kejadian"),
        required=False,
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        help_text=_("Contoh: 17/08/2026. Kosongkan jika tidak tahu, lalu isi perkiraan waktu."),
        error_messages={
            "invalid": _("Tanggal kejadian harus tanggal yang benar, misalnya 17/08/2026.")
        },
    )
    occurred_time = text(
        _("Perkiraan waktu (opsional)"),
        100,
        required=False,
        help_text=_("Contoh: setiap pagi sekitar pukul 07.00, atau sejak dua minggu lalu"),
    )
    parties_involved = text(
        _("Siapa yang terlibat? (opsional)"),
        500,
        required=False,
        help_text=_("Instansi, petugas, atau pihak lain yang berkaitan, jika ada."),
    )

    def clean_occurred_on(self) -> date | None:
        value: date | None = self.cleaned_data.get("occurred_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("Tanggal kejadian tidak boleh setelah hari ini."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not data.get("occurred_on") and not data.get("occurred_time"):
            self.add_error(
                "occurred_on",
                _("Isi tanggal kejadian, atau tuliskan perkiraan waktunya."),
            )
        return data


def area_choices() -> list[tuple[str, Any]]:
    """Kelurahan/desa grouped by kecamatan: one select that needs no JavaScript."""
    villages = Area.objects.filter(level=AreaLevel.VILLAGE).select_related("parent")
    groups: dict[str, list[tuple[str, str]]] = {}
    for village in villages.order_by("parent__name", "name"):
        district = village.parent.name if village.parent else ""
        groups.setdefault(district, []).append((village.code, village.name))
    choices: list[tuple[str, Any]] = [("", _("Pilih kelurahan/desa"))]
    for district, items in groups.items():
        choices.append((str(_("Kecamatan %(name)s") % {"name": district}), items))
    return choices


INDONESIA = {"lat": (Decimal("-11.5"), Decimal("6.5")), "lon": (Decimal("94.5"), Decimal("141.5"))}


class WhereForm(forms.Form):
    area = forms.ChoiceField(
        label=_("Kelurahan/desa"),
        help_text=_("Kelurahan dikelompokkan menurut kecamatan."),
        error_messages={
            "required": _("Pilih kelurahan/desa tempat kejadian."),
            "invalid_choice": _("Pilih kelurahan/desa dari daftar."),
        },
    )
    address = text(
        _("Alamat atau patokan"),
        300,
        required=False,
        help_text=_("Contoh: Jl. Merdeka No. 12, depan warung Bu Sri"),
    )
    latitude = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )
    longitude = forms.DecimalField(
        required=False, max_digits=9, decimal_places=6, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, location_required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        assert isinstance(area, forms.ChoiceField)
        area.choices = area_choices()
        self.fields["area"].required = location_required
        if not location_required:
            self.fields["area"].label = _("Kelurahan/desa (opsional)")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            data["latitude"] = data["longitude"] = None
        elif lat is not None and lon is not None:
            lat_ok = INDONESIA["lat"][0] <= lat <= INDONESIA["lat"][1]
            lon_ok = INDONESIA["lon"][0] <= lon <= INDONESIA["lon"][1]
            if not (lat_ok and lon_ok):
                raise ValidationError(_("Titik peta berada di luar Indonesia. Pilih titik lagi."))
        return data


class PhotoForm(forms.Form):
    photos = PhotosField(
        label=_("Tambah foto"),
        required=True,
        error_messages={"required": _("Pilih foto yang akan diunggah.")},
    )

    def __init__(self, *args: Any, room: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The draft already keeps some photos: the limit counts them too.
        self.fields["photos"].room = room  # type: ignore[attr-defined]


class PrivacyForm(forms.Form):
    is_anonymous = forms.BooleanField(
        label=_("Anonim: sembunyikan identitas saya"),
        required=False,
        help_text=_(
            "Nama dan kontak Anda tidak ditampilkan kepada publik maupun kepada instansi yang "
            "menangani. Hanya petugas meja pengaduan yang berwenang dapat membukanya, dan setiap "
            "pembukaan dicatat. Akibatnya: instansi tidak dapat menghubungi Anda langsung."
        ),
    )
    is_confidential = forms.BooleanField(
        label=_("Rahasia: jangan tampilkan aduan ini kepada publik"),
        required=False,
        help_text=_(
            "Aduan tidak muncul di arsip publik, peta, atau data terbuka. Akibatnya: warga lain "
            "tidak dapat melihat atau mendukung aduan Anda."
        ),
    )


class ContactForm(forms.Form):
    email = forms.EmailField(
        label=_("Email (opsional)"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Tuliskan alamat email yang benar, misalnya nama@contoh.id.")},
    )
    phone = text(
        _("Nomor telepon/WhatsApp (opsional)"),
        20,
        required=False,
        help_text=_("Contoh: 0812 3456 7890"),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    phone_channel = forms.ChoiceField(
        label=_("Kirim kabar ke nomor telepon lewat"),
        choices=[("whatsapp", "WhatsApp"), ("sms", "SMS")],
        initial="whatsapp",
        widget=forms.RadioSelect,
        required=False,
    )
    name = text(
        _("Nama (opsional)"),
        150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    nik = text(
        _("NIK (opsional)"),
        20,
        required=False,
        help_text=_("16 angka pada KTP. Dipakai untuk memastikan layanan kependudukan Anda."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, asks_for_nik: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        if not asks_for_nik:
            del self.fields["nik"]

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "")
        if not value:
            return ""
        number = phone_lib.normalise(value)
        if number is None:
            raise ValidationError(
                _("Tuliskan nomor telepon Indonesia yang benar, misalnya 0812 3456 7890.")
            )
        return number

    def clean_nik(self) -> str:
        value = nik_lib.clean(self.cleaned_data.get("nik", ""))
        if value and not nik_lib.is_valid(value):
            raise ValidationError(
                _("NIK harus 16 angka sesuai KTP. Periksa lagi, atau kosongkan jika ragu.")
            )
        return value


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Saya sudah membaca pemberitahuan privasi dan setuju data saya diolah untuk aduan ini"
        ),
        error_messages={"required": _("Centang persetujuan untuk melanjutkan.")},
    )


class SubmitForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # A field people never see; software that fills every field fills this one too.
    website = forms.CharField(required=False, max_length=200)


class TrackForm(forms.Form):
    kode = forms.CharField(
        label=_("Kode lacak"),
        max_length=40,
        help_text=_("Contoh: ADU-7KQ-39X-HMP"),
        error_messages={"required": _("Tuliskan kode lacak aduan Anda.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


def _is_yes(value: str) -> bool:
    return value == "1"


def shown_publicly(label: Any, help_text: Any) -> forms.TypedChoiceField:
    """The reporter's choice whether what they write next may be read by the public (DESIGN §4).

    Not public unless they choose so; a form that never sent the field means "no".
    """
    return forms.TypedChoiceField(
        label=label,
        help_text=help_text,
        choices=[
            ("0", _("Tidak. Hanya Anda dan petugas yang dapat membacanya.")),
            ("1", _("Ya. Tampilkan untuk umum di halaman aduan ini, tanpa nama dan kontak Anda.")),
        ],
        coerce=_is_yes,
        required=False,
        initial="0",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Pilih Ya atau Tidak.")},
    )


class ReporterWordsForm(forms.Form):
    """A form of the reporter whose text may become public: the choice is left out for rahasia."""

    def __init__(self, *args: Any, confidential: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if confidential:
            # A rahasia complaint is never public: there is nothing to choose.
            del self.fields["public"]

    def clean_public(self) -> bool:
        return bool(self.cleaned_data.get("public"))


class AnswerForm(ReporterWordsForm):
    answer = text(
        _("Jawaban Anda"),
        5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Tuliskan jawaban Anda.")},
    )
    photos = PhotosField(label=_("Foto pendukung (opsional)"))
    public = shown_publicly(
        _("Tampilkan jawaban ini untuk umum?"),
        _(
            "Petugas selalu dapat membaca jawaban dan foto Anda. Jika Anda memilih Ya, siapa pun "
            "dapat melihatnya di halaman aduan ini, jadi jangan tulis data pribadi."
        ),
    )


class ConfirmForm(ReporterWordsForm):
    rating = forms.TypedChoiceField(
        label=_("Seberapa puas Anda dengan penyelesaiannya?"),
        choices=[
            ("5", _("5 – Sangat puas")),
            ("4", _("4 – Puas")),
            ("3", _("3 – Cukup")),
            ("2", _("2 – Kurang puas")),
            ("1", _("1 – Tidak puas")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih penilaian 1 sampai 5.")},
    )
    comment = text(
        _("Komentar (opsional)"), 1000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    public = shown_publicly(
        _("Tampilkan komentar ini untuk umum?"),
        _(
            "Petugas selalu dapat membaca komentar Anda. Jika Anda memilih Ya, siapa pun dapat "
            "membacanya di halaman aduan ini, jadi jangan tulis data pribadi."
        ),
    )


class DisputeForm(ReporterWordsForm):
    reason = text(
        _("Mengapa masalahnya belum selesai?"),
        2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Tuliskan alasan Anda.")},
    )
    photos = PhotosField(label=_("Foto keadaan sekarang (opsional)"))
    public = shown_publicly(
        _("Tampilkan sanggahan ini untuk umum?"),
        _(
            "Petugas selalu dapat membaca sanggahan dan foto Anda. Jika Anda memilih Ya, siapa pun "
            "dapat melihatnya di halaman aduan ini, jadi jangan tulis data pribadi."
        ),
    )
