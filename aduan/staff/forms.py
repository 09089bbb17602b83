"""Forms of the staff console: queue filters, the action forms of the complaint page, intake."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from aduan.agencies.models import Agency, Area, AreaLevel, Category, Classification, Complexity
from aduan.complaints.models import Channel, RejectReason
from aduan.complaints.queues import Filters
from aduan.complaints.states import Status
from aduan.lib.images import PhotosField, check_count


class ConsoleForm(forms.Form):
    """Labels without a trailing colon, as everywhere in the console; selects drawn in Python."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                fast = FastSelect(attrs=widget.attrs)
                fast.choices = widget.choices
                fast.is_required = widget.is_required
                field.widget = fast


class FastSelect(forms.Select):
    """A <select> written in Python: Django renders each <option> through a template, which costs
    milliseconds on lists of a hundred areas or agencies shown on every queue and complaint page."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = {
            "" if v is None else str(v) for v in (value if isinstance(value, list) else [value])
        }
        parts = [format_html("<select{}>", flatatt(final))]
        for option_value, label in self.choices:
            text = "" if option_value is None else str(option_value)
            parts.append(
                format_html(
                    '<option value="{}"{}>{}</option>',
                    text,
                    mark_safe(" selected") if text in selected else "",
                    label,
                )
            )
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))  # noqa: S308


def active_agencies() -> Any:
    return Agency.objects.filter(is_active=True).exclude(kind=Agency.Kind.GOVERNMENT)


def active_categories() -> Any:
    return Category.objects.filter(is_active=True)


def area_choices() -> list[tuple[str, str]]:
    rows = Area.objects.filter(level__in=[AreaLevel.DISTRICT, AreaLevel.VILLAGE]).only(
        "code", "name", "level"
    )
    choices: list[tuple[str, str]] = [("", str(_("Semua wilayah")))]
    for area in rows:
        indent = "— " if area.level == AreaLevel.VILLAGE else ""
        choices.append((area.code, f"{indent}{area.name}"))
    return choices


# ---------------------------------------------------------------------------------------------
# Queue filters


class FilterForm(ConsoleForm):
    q = forms.CharField(label=_("Cari"), required=False, max_length=200)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Semua status")), *Status.choices]
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"),
        required=False,
        queryset=Category.objects.all(),
        empty_label=_("Semua kategori"),
    )
    classification = forms.ChoiceField(
        label=_("Klasifikasi"),
        required=False,
        choices=[("", _("Semua klasifikasi")), *Classification.choices],
    )
    area = forms.ChoiceField(label=_("Wilayah"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Instansi/unit"),
        required=False,
        queryset=Agency.objects.filter(is_active=True),
        empty_label=_("Semua instansi"),
    )
    channel = forms.ChoiceField(
        label=_("Kanal"), required=False, choices=[("", _("Semua kanal")), *Channel.choices]
    )
    date_from = forms.DateField(
        label=_("Diajukan dari"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    overdue = forms.BooleanField(label=_("Hanya yang terlambat"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()  # type: ignore[attr-defined]

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        d = self.cleaned_data
        return Filters(
            status=d["status"],
            category=d["category"].pk if d["category"] else None,
            classification=d["classification"],
            area=d["area"],
            agency_path=d["agency"].path if d["agency"] else "",
            channel=d["channel"],
            date_from=d["date_from"],
            date_to=d["date_to"],
            overdue=d["overdue"],
            q=d["q"].strip(),
        )


# ---------------------------------------------------------------------------------------------
# Actions on one complaint. Every form carries the version the page was rendered from.


TEXT_FOR_AGENCY_HINT = _(
    "Instansi membaca judul dan uraian ini. Hapus nama, nomor, alamat rumah dan apa pun yang "
    "mengenali pelapor; yang dikirim pelapor tetap tersimpan terenkripsi bersama identitasnya."
)


class ActionForm(ConsoleForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, complaint: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.complaint = complaint


class VerifyForm(ActionForm):
    classification = forms.ChoiceField(label=_("Klasifikasi"), choices=Classification.choices)
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.none(), empty_label=_("Pilih kategori")
    )
    complexity = forms.ChoiceField(label=_("Kompleksitas"), choices=Complexity.choices)
    title = forms.CharField(
        label=_("Judul (dirapikan)"),
        max_length=150,
        help_text=_("Dibaca instansi dan tampil di arsip publik."),
    )
    # Prefilled with the text as it stands; left empty, it stays as it is.
    description = forms.CharField(
        label=_("Uraian untuk instansi"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=TEXT_FOR_AGENCY_HINT,
    )
    is_anonymous = forms.BooleanField(label=_("Anonim"), required=False)
    is_confidential = forms.BooleanField(
        label=_("Rahasia"),
        required=False,
        help_text=_(
            "Tanpa centang ini, verifikasi menampilkan isi dan foto aduan untuk umum, tanpa "
            "identitas pelapor."
        ),
    )
    target = forms.ModelChoiceField(
        label=_("Disposisi ke instansi/unit"),
        queryset=Agency.objects.none(),
        empty_label=_("Pilih instansi atau unit"),
    )
    note = forms.CharField(
        label=_("Catatan internal (opsional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()  # type: ignore[attr-defined]
        self.fields["target"].queryset = active_agencies()  # type: ignore[attr-defined]


class RequestInfoForm(ActionForm):
    question = forms.CharField(
        label=_("Pertanyaan untuk pelapor"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(ActionForm):
    reason = forms.ChoiceField(label=_("Alasan penolakan"), choices=RejectReason.choices)
    message = forms.CharField(
        label=_("Pesan untuk pelapor (opsional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RouteForm(ActionForm):
    target = forms.ModelChoiceField(
        label=_("Disposisi ulang ke"),
        queryset=Agency.objects.none(),
        empty_label=_("Pilih instansi atau unit"),
    )
    reason = forms.CharField(label=_("Alasan disposisi ulang"), max_length=1000)
    title = forms.CharField(label=_("Judul"), required=False, max_length=150)
    # Prefilled with the text as it stands; left empty, it stays as it is.
    description = forms.CharField(
        label=_("Uraian untuk instansi"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=TEXT_FOR_AGENCY_HINT,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = active_agencies()  # type: ignore[attr-defined]


class EmptyActionForm(ActionForm):
    """Actions with nothing to type: accept, approve."""


class RouteToUnitForm(ActionForm):
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"), queryset=Agency.objects.none(), empty_label=_("Pilih unit kerja")
    )
    note = forms.CharField(label=_("Catatan (opsional)"), required=False, max_length=1000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = getattr(self.complaint, "agency", None)
        qs = Agency.objects.none()
        if agency is not None:
            qs = Agency.objects.filter(path__startswith=agency.path, is_active=True).exclude(
                pk=agency.pk
            )
        self.fields["unit"].queryset = qs  # type: ignore[attr-defined]


class PostUpdateForm(ActionForm):
    VISIBILITY = [("public", _("Tindak lanjut publik")), ("internal", _("Catatan internal"))]
    visibility = forms.ChoiceField(
        label=_("Jenis"), choices=VISIBILITY, initial="public", widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Isi"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = PhotosField(label=_("Foto (opsional)"))


class CoordinationForm(ActionForm):
    agency = forms.ModelChoiceField(
        label=_("Instansi yang diminta"),
        queryset=Agency.objects.none(),
        empty_label=_("Pilih instansi"),
    )
    message = forms.CharField(
        label=_("Pesan koordinasi"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = active_agencies().exclude(kind=Agency.Kind.UNIT).exclude(kind=Agency.Kind.DESK)
        agency = getattr(self.complaint, "agency", None)
        if agency is not None:
            qs = qs.exclude(path__startswith=agency.path)
        self.fields["agency"].queryset = qs  # type: ignore[attr-defined]


class ReturnForm(ActionForm):
    reason = forms.CharField(
        label=_("Alasan bukan wewenang"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sebutkan instansi yang menurut Anda berwenang, bila tahu."),
    )


class ResolveForm(ActionForm):
    message = forms.CharField(
        label=_("Uraian penyelesaian"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Apa yang dikerjakan, kapan, dan hasilnya."),
    )
    before = PhotosField(label=_("Foto sebelum"), kind="before", help_text="")
    after = PhotosField(label=_("Foto sesudah"), kind="after", help_text="")
    photos = PhotosField(label=_("Foto lain (opsional)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # One limit for the whole resolution, whichever fields the photos came in.
        count = sum(len(data.get(name) or []) for name in ("before", "after", "photos"))
        try:
            check_count(count)
        except ValidationError as error:
            self.add_error(None, error)
        category = getattr(self.complaint, "category", None)
        if category is not None and category.evidence_required:
            if not data.get("before"):
                self.add_error("before", _("Kategori ini mewajibkan foto sebelum penanganan."))
            if not data.get("after"):
                self.add_error("after", _("Kategori ini mewajibkan foto sesudah penanganan."))
        return data


class RejectResolutionForm(ActionForm):
    reason = forms.CharField(
        label=_("Alasan pengembalian"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Apa yang kurang: rincian, foto bukti, atau pekerjaan yang belum selesai."),
    )


class ReopenForm(ActionForm):
    channel = forms.ChoiceField(
        label=_("Disampaikan lewat"),
        choices=[
            ("", _("Pilih kanal")),
            *[
                (value, label)
                for value, label in Channel.choices
                if value not in (Channel.WEB, Channel.API, Channel.LAPOR)
            ],
        ],
        error_messages={"required": _("Pilih lewat apa pelapor menyampaikan sanggahannya.")},
    )
    reason = forms.CharField(
        label=_("Isi sanggahan pelapor"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Tulis apa yang menurut pelapor belum selesai, sedekat mungkin dengan katanya."
        ),
    )
    photos = PhotosField(label=_("Foto dari pelapor (opsional)"))


class MergeForm(ActionForm):
    into = forms.CharField(
        label=_("Gabungkan ke aduan (kode lacak)"),
        max_length=20,
        help_text=_("Aduan ini ditutup; pelapornya mengikuti aduan tujuan."),
    )

    def clean_into(self) -> str:
        return str(self.cleaned_data["into"]).strip().upper()


class IdentityForm(ConsoleForm):
    reason = forms.CharField(
        label=_("Alasan membuka identitas pelapor"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Dicatat di log audit bersama nama Anda."),
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if len(reason) < 5:
            raise forms.ValidationError(_("Tulis alasan yang jelas (minimal 5 karakter)."))
        return reason


# ---------------------------------------------------------------------------------------------
# Intake on behalf of a citizen


STAFF_CHANNELS = [(value, label) for value, label in Channel.choices if value != Channel.WEB]


def _squeezed(text: str) -> str:
    """Lowercase, one space between words, no separators inside a number (0857-3141 → 08573141)."""
    text = re.sub(r"(?<=\d)[\s.\-()]+(?=\d)", "", text)
    return " ".join(text.casefold().split())


def _numbers(text: str) -> set[str]:
    """Phone numbers in text, without the country code or the leading 0 (8 digits or more)."""
    found = set()
    for run in re.findall(r"\d{8,}", _squeezed(text)):
        found.add(run[2:] if run.startswith("62") else run.lstrip("0"))
    return found


def mentions_reporter(text: str, *, name: str, phone: str, email: str, reference: str) -> bool:
    """Whether text carries the reporter's full name, number, email or channel reference.

    A single-word name is not looked for: it is too often also a street or a place.
    """
    here = _squeezed(text)
    full_name = _squeezed(name)
    if len(full_name.split()) >= 2 and re.search(rf"\b{re.escape(full_name)}\b", here):
        return True
    if email and email.casefold() in here:
        return True
    if len(_squeezed(reference)) >= 6 and _squeezed(reference) in here:
        return True
    numbers = _numbers(phone) | _numbers(reference)
    return any(number in here for number in numbers)


class IntakeForm(ConsoleForm):
    channel = forms.ChoiceField(label=_("Kanal"), choices=STAFF_CHANNELS)
    channel_reference = forms.CharField(
        label=_("Rujukan kanal (opsional)"),
        required=False,
        max_length=500,
        help_text=_(
            "Akun media sosial, tautan unggahan, nomor surat atau nomor pengirim. Identitas "
            "pelapor: disimpan terenkripsi, instansi tidak melihatnya."
        ),
    )
    original_message = forms.CharField(
        label=_("Pesan asli (opsional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Salin apa adanya dari WhatsApp, email, surat atau catatan telepon. Identitas "
            "pelapor: disimpan terenkripsi, dibuka hanya dengan izin identitas dan alasan yang "
            "tercatat."
        ),
    )
    category = forms.ModelChoiceField(
        label=_("Kategori"), queryset=Category.objects.none(), empty_label=_("Pilih kategori")
    )
    title = forms.CharField(
        label=_("Judul"),
        max_length=150,
        help_text=_("Dengan kata-kata Anda sendiri, tanpa nama, nomor atau alamat pelapor."),
    )
    description = forms.CharField(
        label=_("Uraian"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Apa, di mana, kapan. Instansi hanya membaca judul dan uraian ini: jangan salin "
            "pesan asli bila memuat identitas pelapor."
        ),
    )
    area = forms.ModelChoiceField(
        label=_("Kelurahan/desa (opsional)"),
        required=False,
        queryset=Area.objects.none(),
        empty_label=_("Tidak diketahui"),
    )
    address = forms.CharField(label=_("Alamat/lokasi (opsional)"), required=False, max_length=300)
    name = forms.CharField(label=_("Nama pelapor (opsional)"), required=False, max_length=150)
    phone = forms.CharField(
        label=_("Telepon/WhatsApp (opsional)"),
        required=False,
        max_length=20,
        help_text=_("Kode lacak dikirim ke nomor atau email ini."),
    )
    email = forms.EmailField(label=_("Email (opsional)"), required=False)
    is_anonymous = forms.BooleanField(label=_("Anonim"), required=False)
    is_confidential = forms.BooleanField(label=_("Rahasia"), required=False)
    photos = PhotosField(label=_("Foto masalahnya (opsional)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()  # type: ignore[attr-defined]
        self.fields["area"].queryset = Area.objects.filter(  # type: ignore[attr-defined]
            level=AreaLevel.VILLAGE
        ).select_related("parent")

    def clean_phone(self) -> str:
        phone = "".join(ch for ch in str(self.cleaned_data["phone"]) if ch.isdigit() or ch == "+")
        if phone and not 8 <= len(phone.lstrip("+")) <= 15:
            raise forms.ValidationError(_("Nomor telepon harus 8 sampai 15 angka."))
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        identity = {
            "name": str(data.get("name") or ""),
            "phone": str(data.get("phone") or ""),
            "email": str(data.get("email") or ""),
            "reference": str(data.get("channel_reference") or ""),
        }
        for field in ("title", "description"):
            if data.get(field) and mentions_reporter(str(data[field]), **identity):
                self.add_error(
                    field,
                    _(
                        "Memuat identitas pelapor (nama, nomor, email atau rujukan kanal), padahal "
                        "instansi membaca teks ini. Tuliskan tanpa identitas pelapor."
                    ),
                )
        return data


class BulkForm(ConsoleForm):
    ACTIONS = [("route", _("Disposisikan ke instansi")), ("accept", _("Terima"))]
    action = forms.ChoiceField(label=_("Tindakan"), choices=ACTIONS)
    target = forms.ModelChoiceField(
        label=_("Instansi tujuan"),
        required=False,
        queryset=Agency.objects.none(),
        empty_label=_("Pilih instansi atau unit"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = active_agencies()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "route" and not data.get("target"):
            self.add_error("target", _("Pilih instansi tujuan disposisi."))
        return data
