"""The monthly report as a document (DESIGN §8): its words, who may write and sign it, its versions.

A report is a draft until someone who may sign finalises it. Then it is rendered once in every
format and the bytes are stored through Django's storage API, so that a signed report downloads
exactly as it was signed, whatever happens to the complaints afterwards. A correction makes the
document a draft again, to become the next version with a note saying what was corrected; earlier
versions stay downloadable. Every change is written to the audit log.

Who: the city's report is written by the desk (verifiers) and signed by city leadership or the
head of the desk; an agency's report is written by its officers and signed by its head (or the
head of a node above it). The preface is the signers' to write.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.accounts.models import Role
from aduan.agencies.models import Agency
from aduan.audit.log import record
from aduan.complaints.access import memberships, scope_of
from aduan.reports import files, monthly
from aduan.reports.models import ReportDocument, ReportFile, ReportPreface, ReportVersion
from aduan.reports.period import Month, long_date
from aduan.reports.sections import KEYS, ReportWords, Signature

MAX_TEXT = 5000  # characters per commentary, conclusions or follow-ups
MAX_PREFACE = 10000


class DocumentError(Exception):
    """A change to a report document that cannot be made; the message is for the person."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotPermitted(DocumentError):
    status = 403


class Conflict(DocumentError):
    """The document changed since the form was shown, or is in the wrong state for this."""

    status = 409


# ---------------------------------------------------------------------------------------------
# Who may write and sign


def may_sign(user: Any, agency: Agency | None) -> bool:
    """Sign (finalise, correct) the report of `agency` (None: the city) and write its preface."""
    rows = memberships(user)
    if agency is None:
        return scope_of(user).sees_all and any(
            m.role == Role.SUPERVISOR
            and (m.agency.parent_id is None or m.agency.kind == Agency.Kind.DESK)
            for m in rows
        )
    return any(m.role == Role.SUPERVISOR and agency.path.startswith(m.agency.path) for m in rows)


def may_edit(user: Any, agency: Agency | None) -> bool:
    """Write the month's commentary of the report of `agency` (None: the city)."""
    if may_sign(user, agency):
        return True
    rows = memberships(user)
    if agency is None:
        return any(m.role == Role.VERIFIER for m in rows)
    return any(m.role == Role.OFFICER and agency.path.startswith(m.agency.path) for m in rows)


# ---------------------------------------------------------------------------------------------
# Reading


def preface_for(agency: Agency | None) -> ReportPreface | None:
    """The institution's own preface, else the nearest one above it, else the city's."""
    ids = [int(p) for p in agency.path.strip("/").split("/") if p] if agency else []
    found = {p.agency_id: p for p in ReportPreface.objects.filter(agency_id__in=ids)}
    for pk in reversed(ids):
        if pk in found:
            return found[pk]
    return ReportPreface.objects.filter(agency__isnull=True).first()


def own_preface(agency: Agency | None) -> ReportPreface | None:
    return ReportPreface.objects.filter(agency=agency).first()


def document_for(month: Month, agency: Agency | None) -> ReportDocument | None:
    return ReportDocument.objects.filter(month=month.first_day, agency=agency).first()


def versions_of(document: ReportDocument | None) -> list[ReportVersion]:
    if document is None:
        return []
    return list(document.versions.prefetch_related("files").select_related("finalised_by"))


def lines(text: str) -> list[str]:
    """One conclusion or follow-up per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _words(preface: ReportPreface | None, document: ReportDocument | None) -> ReportWords:
    words = ReportWords()
    if preface is not None:
        words.introduction = preface.introduction
        words.legal_basis = preface.legal_basis
    if document is not None:
        words.commentary = {k: v for k, v in document.commentary.items() if k in KEYS and v}
    return words


def attach(report: monthly.MonthlyReport) -> ReportDocument | None:
    """Give a computed report the words written for it; returns its document, if there is one.

    The document's conclusions and follow-ups replace the generated ones, which were its draft.
    """
    document = document_for(report.month, report.agency)
    words = _words(preface_for(report.agency), document)
    if document is not None:
        report.conclusions = lines(document.conclusions)
        report.follow_ups = lines(document.follow_ups)
        latest = document.versions.order_by("-number").first()
        if document.status == ReportDocument.Status.DRAFT:
            words.state = (
                _("Draf koreksi versi %(n)s, belum final.") % {"n": latest.number + 1}
                if latest
                else _("Draf, belum final.")
            )
        elif latest is not None:
            words.state = _(
                "Salinan yang dihitung ulang, bukan dokumen final versi %(n)s yang "
                "ditandatangani pada %(day)s."
            ) % {"n": latest.number, "day": long_date(latest.signed_on)}
    report.words = words
    return document


# ---------------------------------------------------------------------------------------------
# Changing


@dataclass
class DraftTexts:
    commentary: dict[str, str]
    conclusions: str
    follow_ups: str


@dataclass
class SignerDetails:
    name: str
    position: str
    signed_on: date
    number: str = ""  # NIP


def _locked(month: Month, agency: Agency | None, *, create: bool) -> ReportDocument | None:
    """The month's document, locked for this transaction; created (revision 0) when asked."""
    rows = ReportDocument.objects.select_for_update().filter(month=month.first_day, agency=agency)
    document = rows.first()
    if document is None and create:
        try:
            with transaction.atomic():
                document = ReportDocument.objects.create(
                    month=month.first_day, agency=agency, revision=0
                )
        except IntegrityError:  # someone else created it a moment ago
            document = rows.get()
    return document


def _check_revision(document: ReportDocument, revision: int) -> None:
    if revision != document.revision:
        raise Conflict(
            _(
                "Laporan ini sudah diubah orang lain sejak halaman ini dibuka. Muat ulang "
                "halaman, periksa perubahannya, lalu coba lagi."
            )
        )


def _clean(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


@transaction.atomic
def save_draft(
    *,
    month: Month,
    agency: Agency | None,
    by: Any,
    texts: DraftTexts,
    revision: int,
    ip: str | None = None,
) -> ReportDocument:
    """Save the month's commentary, conclusions and follow-ups of a draft.

    `revision` is the document's revision the form was shown with (0: there was none yet).
    """
    if not may_edit(by, agency):
        raise NotPermitted(_("Anda tidak boleh menyunting laporan ini."))
    document = _locked(month, agency, create=True)
    assert document is not None
    if document.status == ReportDocument.Status.FINAL:
        raise Conflict(
            _("Laporan ini sudah final dan tidak dapat diubah. Buat koreksi untuk mengubahnya.")
        )
    _check_revision(document, revision)
    new_commentary = {
        key: _clean(texts.commentary.get(key, ""))
        for key in KEYS
        if _clean(texts.commentary.get(key, ""))
    }
    new = {f"catatan.{k}": new_commentary.get(k, "") for k in KEYS}
    new["kesimpulan"] = "\n".join(lines(texts.conclusions))
    new["saran"] = "\n".join(lines(texts.follow_ups))
    old = {f"catatan.{k}": document.commentary.get(k, "") for k in KEYS}
    old["kesimpulan"], old["saran"] = document.conclusions, document.follow_ups
    changed = [k for k in new if new[k] != old[k]]
    if not changed and document.revision > 0:
        return document
    document.commentary = new_commentary
    document.conclusions = new["kesimpulan"]
    document.follow_ups = new["saran"]
    document.revision += 1
    document.updated_by = by
    document.save()
    record(
        actor=by,
        action="report.draft_saved",
        obj=document,
        before={k: old[k] for k in changed},
        after={"revision": document.revision, **{k: new[k] for k in changed}},
        ip=ip,
    )
    return document


def _subject(agency: Agency | None) -> str:
    return f"instansi-{agency.pk}" if agency is not None else "kota"


def finalise(
    *,
    month: Month,
    agency: Agency | None,
    by: Any,
    signer: SignerDetails,
    note: str,
    revision: int,
    link_base: str = "",
    now: datetime | None = None,
    ip: str | None = None,
) -> ReportVersion:
    """Sign the report: compute it now, render every format once and keep the bytes as signed."""
    if not may_sign(by, agency):
        raise NotPermitted(_("Hanya pimpinan yang berwenang dapat memfinalkan laporan ini."))
    now = now or timezone.now()
    if now < month.bounds()[1]:
        raise DocumentError(
            _("%(month)s belum berakhir; laporannya dapat difinalkan mulai %(day)s.")
            % {"month": month.label, "day": long_date(month.next.first_day)}
        )
    stored: list[str] = []
    try:
        with transaction.atomic():
            version = _finalise(
                month, agency, by, signer, note, revision, link_base, now, ip, stored
            )
    except BaseException:
        # Nothing was signed: the files written for it go too.
        for name in stored:
            default_storage.delete(name)
        raise
    return version


def _finalise(
    month: Month,
    agency: Agency | None,
    by: Any,
    signer: SignerDetails,
    note: str,
    revision: int,
    link_base: str,
    now: datetime,
    ip: str | None,
    stored: list[str],
) -> ReportVersion:
    document = _locked(month, agency, create=True)
    assert document is not None
    if document.status == ReportDocument.Status.FINAL:
        raise Conflict(_("Laporan ini sudah final. Buat koreksi untuk versi berikutnya."))
    _check_revision(document, revision)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    note = _clean(note)
    if number > 1 and not note:
        raise DocumentError(
            _("Tulis catatan koreksi: apa yang diperbaiki dari versi %(n)s.") % {"n": number - 1}
        )
    report = monthly.build(month, agency=agency, now=now)
    if document.revision == 0:
        # Finalised without a saved draft: the generated conclusions are the words signed.
        document.conclusions = "\n".join(report.conclusions)
        document.follow_ups = "\n".join(report.follow_ups)
    preface = preface_for(agency)
    words = _words(preface, document)
    words.version = number
    words.note = note if number > 1 else ""
    words.signature = Signature(
        place=preface.signing_place if preface else "",
        day=signer.signed_on,
        position=signer.position,
        name=signer.name,
        number=signer.number,
    )
    report.words = words
    report.conclusions = lines(document.conclusions)
    report.follow_ups = lines(document.follow_ups)
    version = ReportVersion.objects.create(
        document=document,
        number=number,
        signer_name=signer.name,
        signer_position=signer.position,
        signer_number=signer.number,
        signed_on=signer.signed_on,
        note=words.note,
        texts={
            "introduction": words.introduction,
            "legal_basis": words.legal_basis,
            "signing_place": words.signature.place,
            "commentary": words.commentary,
            "conclusions": report.conclusions,
            "follow_ups": report.follow_ups,
        },
        summary={
            "received": report.received,
            "completed": report.completed,
            "on_time_pct": report.on_time_pct,
            "score": report.overall.value,
            "predicate": report.overall.predicate,
        },
        finalised_at=now,
        finalised_by=by,
    )
    digests = {}
    for fmt in files.FORMATS:
        data = files.render(report, fmt, link_base=link_base)
        path = f"laporan/{month}/{_subject(agency)}/v{number}/{files.filename(report, fmt)}"
        name = default_storage.save(path, ContentFile(data))
        stored.append(name)
        digests[fmt] = hashlib.sha256(data).hexdigest()
        ReportFile.objects.create(
            version=version, format=fmt, file=name, sha256=digests[fmt], size=len(data)
        )
    document.status = ReportDocument.Status.FINAL
    document.revision += 1
    document.updated_by = by
    document.save()
    record(
        actor=by,
        action="report.finalised",
        obj=document,
        after={
            "version": number,
            "signer_name": signer.name,
            "signer_position": signer.position,
            "signed_on": signer.signed_on.isoformat(),
            "note": words.note,
            "sha256": digests,
        },
        ip=ip,
    )
    return version


@transaction.atomic
def start_correction(
    *, month: Month, agency: Agency | None, by: Any, revision: int, ip: str | None = None
) -> ReportDocument:
    """Open a final report for correction: a draft again, to become its next version."""
    if not may_sign(by, agency):
        raise NotPermitted(_("Hanya pimpinan yang berwenang dapat mengoreksi laporan ini."))
    document = _locked(month, agency, create=False)
    if document is None or document.status != ReportDocument.Status.FINAL:
        raise Conflict(_("Laporan ini belum final; sunting drafnya saja."))
    _check_revision(document, revision)
    latest = document.versions.aggregate(n=Max("number"))["n"] or 0
    document.status = ReportDocument.Status.DRAFT
    document.revision += 1
    document.updated_by = by
    document.save()
    record(
        actor=by,
        action="report.correction_started",
        obj=document,
        before={"status": ReportDocument.Status.FINAL, "version": latest},
        after={"status": ReportDocument.Status.DRAFT, "next_version": latest + 1},
        ip=ip,
    )
    return document


@transaction.atomic
def save_preface(
    *,
    agency: Agency | None,
    by: Any,
    introduction: str,
    legal_basis: str,
    signing_place: str,
    ip: str | None = None,
) -> ReportPreface:
    """Write the institution's preface: used by every report from now on (signed ones keep theirs)."""
    if not may_sign(by, agency):
        raise NotPermitted(_("Hanya pimpinan yang berwenang dapat mengubah pengantar laporan."))
    preface = ReportPreface.objects.select_for_update().filter(agency=agency).first()
    if preface is None:
        preface = ReportPreface(agency=agency)
    new = {
        "introduction": _clean(introduction),
        "legal_basis": _clean(legal_basis),
        "signing_place": signing_place.strip(),
    }
    old = {key: getattr(preface, key) for key in new}
    changed = [k for k in new if new[k] != old[k]]
    if not changed and preface.pk is not None:
        return preface
    for key, value in new.items():
        setattr(preface, key, value)
    preface.updated_by = by
    preface.save()
    record(
        actor=by,
        action="report.preface_saved",
        obj=preface,
        before={k: old[k] for k in changed},
        after={"agency": agency.code if agency else "", **{k: new[k] for k in changed}},
        ip=ip,
    )
    return preface


def open_file(version: ReportVersion, fmt: str) -> Any:
    """A stored file of a signed version, opened for reading; None when there is none."""
    found = next((f for f in version.files.all() if f.format == fmt), None)
    if found is None:
        return None
    try:
        return found.file.open("rb")
    except (FileNotFoundError, OSError):
        return None
