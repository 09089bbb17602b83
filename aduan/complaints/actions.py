"""Every change of a complaint: one function per transition of states.py (DESIGN §4).

Each action takes keyword-only arguments and the actor as `by=` (a user; VIA_SECRET_LINK for the
reporter who opened their secret link; None for the system's own jobs). It runs in one transaction,
locks the complaint row, checks the transition and the actor's right to take it, writes a timeline
entry and an audit entry and queues its notifications as outbox rows. Nothing else assigns
`complaint.status`.

Views validate input and turn ActionError into a message; actions assume valid input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aduan.accounts.models import Membership, Role, User
from aduan.agencies import duty
from aduan.agencies.calendar import CalendarBook
from aduan.agencies.models import Agency, Area, Category, Classification, Step, ancestor_paths
from aduan.agencies.routing import suggest_agency
from aduan.audit.log import plain, record
from aduan.complaints import deadlines
from aduan.complaints.access import roles_on
from aduan.complaints.attachments import CleanImage, attach
from aduan.complaints.channels import TOLD_TO_STAFF
from aduan.complaints.errors import InvalidInput, InvalidTransition, NotPermitted, StaleComplaint
from aduan.complaints.models import (
    Channel,
    CloseReason,
    Complaint,
    Coordination,
    Follower,
    RejectReason,
    Reporter,
    TimelineEntry,
)
from aduan.complaints.states import TRANSITIONS, Actor, Status
from aduan.lib.codes import new_code
from aduan.lib.crypto import blind_index
from aduan.lib.workingtime import add_working_days
from aduan.notifications import recipients
from aduan.notifications.queue import notify_followers, notify_staff

Kind = TimelineEntry.Kind


class _SecretLink:
    """The reporter, proven by the secret link the view checked."""

    def __repr__(self) -> str:
        return "VIA_SECRET_LINK"


VIA_SECRET_LINK = _SecretLink()
AUDITED_FIELDS = (
    "status",
    "classification",
    "category_id",
    "complexity",
    "title",
    "description",
    "agency_id",
    "unit_id",
    "is_anonymous",
    "is_confidential",
    "due_at",
    "step",
    "escalation_level",
    "reject_reason",
    "close_reason",
    "merged_into_id",
    "rating",
    "published_at",
)


@dataclass(frozen=True)
class ReporterDetails:
    name: str = ""
    nik: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    language: str = "id"
    phone_channel: str = "whatsapp"
    user: User | None = None
    # Where the desk heard from them (a number, a handle, a post) and what they wrote: identity too.
    channel_reference: str = ""
    original_message: str = ""


@dataclass
class _Change:
    complaint: Complaint
    role: str
    by: Any
    now: datetime
    before: dict[str, Any]
    ip: str | None


# ---------------------------------------------------------------------------------------------
# The frame every action runs in


# Text the desk may rewrite to take the reporter out of it (DESIGN §6): the audit keeps a keyed
# fingerprint, which shows that and when it changed, never the words that were taken out.
FINGERPRINTED_FIELDS = frozenset({"title", "description"})


def _fingerprint(text: str) -> str:
    return "hmac:" + blind_index("complaint-text", text, str)[:16] if text else ""


def _snapshot(complaint: Complaint) -> dict[str, Any]:
    values = {}
    for field in AUDITED_FIELDS:
        value = getattr(complaint, field)
        if field in FINGERPRINTED_FIELDS:
            value = _fingerprint(value)
        values[field] = plain(value)
    return values


def _role(action: str, by: Any, complaint: Complaint) -> str:
    allowed = TRANSITIONS[action].actors
    held: set[str]
    if by is None:
        held = {Actor.SYSTEM}
    elif by is VIA_SECRET_LINK:
        held = {Actor.REPORTER}
    else:
        held = set(roles_on(by, complaint))
        if complaint.reporter_id and complaint.reporter and complaint.reporter.user_id == by.pk:
            held.add(Actor.REPORTER)
        if "coordinator" in held and action == "post_update":
            held.add(Actor.OFFICER)
    for role in (Actor.REPORTER, Actor.OFFICER, Actor.SUPERVISOR, Actor.VERIFIER, Actor.SYSTEM):
        if role in held and role in allowed:
            return role
    raise NotPermitted(_("Anda tidak berwenang melakukan tindakan ini pada aduan ini."))


def _begin(
    action: str,
    complaint: Complaint,
    by: Any,
    expected_version: int | None,
    ip: str | None,
    now: datetime | None = None,
) -> _Change:
    """Lock the row, then check version, transition and permission against the locked state."""
    locked = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("category", "agency", "unit", "reporter")
        .get(pk=complaint.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleComplaint(
            _("Aduan ini baru saja diubah oleh orang lain. Muat ulang halaman lalu periksa lagi.")
        )
    if locked.status not in TRANSITIONS[action].sources:
        raise InvalidTransition(
            _("Tindakan ini tidak dapat dilakukan karena status aduan sekarang %(status)s.")
            % {"status": locked.get_status_display()}
        )
    role = _role(action, by, locked)
    return _Change(locked, role, by, now or timezone.now(), _snapshot(locked), ip)


def _status(change: _Change, status: str) -> None:
    change.complaint.status = status


def _finish(
    change: _Change, action: str, *, reason: str = "", new_version: bool = True
) -> Complaint:
    complaint = change.complaint
    # new_version=False: nothing a person's open form shows changed, so their form stays valid.
    if new_version:
        complaint.version += 1
    complaint.updated_at = change.now
    complaint.save()
    after = _snapshot(complaint)
    changed = {k: v for k, v in after.items() if change.before.get(k) != v}
    record(
        actor=change.by if change.by is not VIA_SECRET_LINK else "reporter (secret link)",
        action=f"complaint.{action}",
        obj=complaint,
        before={k: change.before[k] for k in changed},
        after=changed,
        reason=reason,
        ip=change.ip,
    )
    # The caller's instance reflects the change.
    return complaint


def _author_label(change: _Change) -> str:
    if change.role == Actor.REPORTER:
        return _("Pelapor")
    if change.role == Actor.SYSTEM:
        return _("Sistem")
    if change.role == Actor.VERIFIER:
        return _("Verifikator")
    handler = change.complaint.unit or change.complaint.agency
    return str(handler) if handler else _("Petugas")


def _entry(
    change: _Change,
    kind: str,
    *,
    public: bool,
    message: str = "",
    status_before: str = "",
    message_public: bool = True,
) -> TimelineEntry:
    by = change.by if isinstance(change.by, User) else None
    return TimelineEntry.objects.create(
        complaint=change.complaint,
        kind=kind,
        is_public=public,
        message_public=message_public,
        author=by,
        author_label=_author_label(change),
        message=message,
        status_before=status_before or change.before["status"],
        status_after=change.complaint.status,
        created_at=change.now,
    )


def _staff_of(node: Agency | None, roles: Sequence[str] = (Role.OFFICER,)) -> list[User]:
    """Active staff with one of roles at this node or above it in the same tree branch."""
    if node is None:
        return []
    ancestors = ancestor_paths(node.path)
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role__in=roles,
            memberships__agency__path__in=ancestors,
        ).distinct()
    )


def _verifiers() -> list[User]:
    return list(User.objects.filter(is_active=True, memberships__role=Role.VERIFIER).distinct())


def _assign(complaint: Complaint, node: Agency) -> None:
    """Point the complaint at an agency node: its top-level agency, and the unit if deeper."""
    top = node.top
    complaint.agency = top
    complaint.unit = node if node.pk != top.pk else None
    complaint.assigned_path = node.path


def _alert_on_duty(change: _Change, node: Agency | None) -> None:
    """An urgent complaint reaching a node (None: the desk) outside working hours also goes to
    whoever is on duty there (piket, DESIGN §5); an internal timeline entry names them."""
    c = change.complaint
    if not c.category.is_urgent:
        return
    shifts = duty.shifts_to_alert(node, change.now)
    for shift in shifts:
        notify_staff([shift.user], "staff_on_duty", c, {"duty_agency": str(shift.agency)})
    if shifts:
        TimelineEntry.objects.create(
            complaint=c,
            kind=Kind.NOTE,
            is_public=False,
            author_label=_("Sistem"),
            message=_(
                "Aduan mendesak masuk di luar jam kerja. Petugas piket diberi tahu: %(names)s."
            )
            % {"names": ", ".join(f"{s.user} ({s.agency})" for s in shifts)},
            status_before=c.status,
            status_after=c.status,
            created_at=change.now,
        )


def _publish(change: _Change) -> None:
    """A person at the desk or the agency has looked at it: the public may now see it (DESIGN §4).

    Once only, never for rahasia; the internal entry names who let it out, the audit entry of the
    calling action records published_at.
    """
    c = change.complaint
    if c.published_at is not None or c.is_confidential or change.role == Actor.SYSTEM:
        return
    c.published_at = change.now
    _entry(
        change,
        Kind.PUBLISHED,
        public=False,
        message=_("Isi dan foto aduan kini tampil untuk umum di arsip, tanpa identitas pelapor."),
    )


def _start_step(
    c: Complaint, step: str, start: datetime, *, clock_from: datetime | None = None
) -> None:
    """A clocked step starts: its due time from the deadline rules, a new escalation ladder."""
    c.step = step
    c.step_started_at = start
    c.due_at = deadlines.due_at(step, c, clock_from or start)
    c.escalation_level = 0
    c.paused_at = None


def _require_text(text: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise InvalidInput(_("%(what)s wajib diisi.") % {"what": what})
    return text


# ---------------------------------------------------------------------------------------------
# submit


@transaction.atomic
def submit_complaint(
    *,
    by: User | None,
    category: Category,
    title: str,
    description: str,
    classification: str = "",
    occurred_on: date | None = None,
    occurred_time: str = "",
    parties_involved: str = "",
    area: Area | None = None,
    address: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
    channel: str = Channel.WEB,
    is_anonymous: bool = False,
    is_confidential: bool = False,
    reporter: ReporterDetails | None = None,
    photos: Sequence[CleanImage] = (),
    consent_version: str = "",
    ip: str | None = None,
) -> Complaint:
    """A citizen (or the desk on a citizen's behalf) submits a complaint.

    Complete reports in auto-route categories are verified and routed by the system at once, so
    nothing waits at the desk over a weekend.
    """
    if not category.is_active:
        raise InvalidInput(_("Kategori ini tidak lagi dipakai. Pilih kategori lain."))
    source = Channel.objects.active().filter(code=channel).first()
    if source is None:
        raise InvalidInput(_("Kanal ini tidak dikenal atau tidak lagi dipakai."))
    if not source.is_self_service and not (by and Role.VERIFIER in _roles(by)):
        raise NotPermitted(_("Hanya verifikator yang dapat mencatat aduan dari kanal lain."))
    now = timezone.now()
    classification = classification or category.default_classification
    if category.is_sensitive:
        # Misconduct, harassment, child protection: the reporter is protected by default.
        is_anonymous = is_confidential = True
    reporter_row = None
    if reporter is not None:
        reporter_row = Reporter.objects.create(
            name=reporter.name,
            nik=reporter.nik,
            phone=reporter.phone,
            email=reporter.email,
            address=reporter.address,
            channel_reference=reporter.channel_reference,
            original_message=reporter.original_message,
            language=reporter.language,
            phone_channel=reporter.phone_channel,
            user=reporter.user
            if reporter.user is not None
            else (by if by is not None and getattr(by, "is_citizen", False) else None),
            created_at=now,
        )
        if consent_version:
            from aduan.privacy.models import Consent

            Consent.objects.create(
                reporter=reporter_row,
                notice_version=consent_version,
                channel=channel,
                given_at=now,
            )
    complaint = Complaint(
        tracking_code=new_code(),
        classification=classification,
        category=category,
        complexity=category.complexity,
        title=title.strip(),
        description=description.strip(),
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        parties_involved=parties_involved,
        area=area,
        address=address,
        latitude=latitude,
        longitude=longitude,
        channel=source,
        is_anonymous=is_anonymous,
        is_confidential=is_confidential,
        reporter=reporter_row,
        status=Status.SUBMITTED,
        created_at=now,
        updated_at=now,
        # A deployment may publish as sent (ADUAN_PUBLISH_ON); by default a person looks first.
        published_at=now if settings.ADUAN_PUBLISH_ON == "submit" and not is_confidential else None,
    )
    _start_step(complaint, Step.VERIFICATION, now)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                complaint.save(force_insert=True)
            break
        except IntegrityError:
            # A tracking-code collision is astronomically rare; draw again.
            complaint.tracking_code = new_code()
            complaint.pk = None
    else:
        raise RuntimeError("could not allocate a unique tracking code")
    if reporter_row is not None:
        Follower.objects.create(
            complaint=complaint,
            reporter=reporter_row,
            source=Follower.Source.REPORTER,
            created_at=now,
        )
    entry = TimelineEntry.objects.create(
        complaint=complaint,
        kind=Kind.SUBMITTED,
        is_public=True,
        author=by if by is not None else None,
        author_label=_("Pelapor") if source.is_self_service else _("Verifikator"),
        message="",
        status_before="",
        status_after=Status.SUBMITTED,
        created_at=now,
    )
    if photos:
        attach(complaint, photos, entry=entry, by=by)
    record(
        actor=by,
        action="complaint.submit",
        obj=complaint,
        after={
            "status": Status.SUBMITTED,
            "category_id": category.pk,
            "channel": channel,
            "published_at": now.isoformat() if complaint.published_at else None,
        },
        ip=ip,
    )
    notify_followers(complaint, "complaint_received")
    notify_staff(_verifiers(), "staff_new_complaint", complaint)
    if category.auto_route:
        target = suggest_agency(category, area)
        if target is not None and complaint.area_id and complaint.description:
            change = _Change(complaint, Actor.SYSTEM, None, now, _snapshot(complaint), ip)
            _verify(change, target=target, note="")
            _finish(change, "verify")
    if complaint.status == Status.SUBMITTED:
        _alert_on_duty(_Change(complaint, Actor.SYSTEM, None, now, {}, ip), None)
    return complaint


def _roles(user: User) -> set[str]:
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


# ---------------------------------------------------------------------------------------------
# The desk: verify, route, reject, merge


def _rewrite_text(change: _Change, *, title: str | None, description: str | None) -> None:
    """The desk rewrites the text the agency reads, e.g. to take the reporter out of it (DESIGN §6).

    What the reporter sent stays with their identity, encrypted, as the original message (their own
    title and description become it when none was kept at intake); the internal timeline and the
    audit say that the text changed, never what it said.
    """
    c = change.complaint
    wanted = {
        "title": (title or "").strip() or c.title,
        "description": (description or "").strip() or c.description,
    }
    edited = [field for field, value in wanted.items() if value != getattr(c, field)]
    if not edited:
        return
    kept = False
    if c.reporter_id is not None:
        holder = Reporter.objects.filter(pk=c.reporter_id, anonymised_at__isnull=True)
        kept = holder.exists()
        holder.filter(original_message="").update(original_message=f"{c.title}\n\n{c.description}")
    c.title, c.description = wanted["title"], wanted["description"]
    names = {"title": _("judul"), "description": _("uraian")}
    parts = ", ".join(str(names[field]) for field in edited)
    if kept:
        message = _(
            "Teks yang dibaca instansi disunting (%(parts)s). Apa yang dikirim pelapor tetap "
            "tersimpan terenkripsi bersama identitasnya."
        ) % {"parts": parts}
    else:
        message = _("Teks yang dibaca instansi disunting (%(parts)s).") % {"parts": parts}
    _entry(change, Kind.NOTE, public=False, message=message)


def _verify(change: _Change, *, target: Agency, note: str) -> None:
    """Shared by the desk's verify and the system's auto-routing at submission (caller finishes)."""
    complaint = change.complaint
    complaint.verified_at = complaint.verified_at or change.now
    complaint.routed_at = change.now
    _assign(complaint, target)
    _status(change, Status.ROUTED)
    _start_step(complaint, Step.FIRST_RESPONSE, change.now)
    _entry(
        change,
        Kind.VERIFIED,
        public=True,
        message=_("Aduan diverifikasi dan diteruskan ke %(agency)s.") % {"agency": target},
    )
    if note:
        _entry(change, Kind.NOTE, public=False, message=note)
    notify_followers(complaint, "complaint_routed", {"agency": str(target)})
    notify_staff(_staff_of(target), "staff_routed", complaint)
    _alert_on_duty(change, target)


@transaction.atomic
def verify_complaint(
    complaint: Complaint,
    *,
    by: User,
    target: Agency,
    classification: str | None = None,
    category: Category | None = None,
    complexity: str | None = None,
    title: str | None = None,
    description: str | None = None,
    is_anonymous: bool | None = None,
    is_confidential: bool | None = None,
    note: str = "",
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    change = _begin("verify", complaint, by, expected_version, ip)
    c = change.complaint
    if classification:
        c.classification = classification
    if category is not None:
        c.category = category
    if complexity:
        c.complexity = complexity
    _rewrite_text(change, title=title, description=description)
    if is_anonymous is not None:
        c.is_anonymous = is_anonymous
    if is_confidential is not None:
        c.is_confidential = is_confidential
    if c.category.is_sensitive:
        c.is_anonymous = c.is_confidential = True
    _verify(change, target=target, note=note)
    _publish(change)
    return _finish(change, "verify")


@transaction.atomic
def route_complaint(
    complaint: Complaint,
    *,
    by: User,
    target: Agency,
    reason: str,
    title: str | None = None,
    description: str | None = None,
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    """The desk corrects the routing of a complaint already with an agency (and may rewrite its text)."""
    change = _begin("route", complaint, by, expected_version, ip)
    c = change.complaint
    reason = _require_text(reason, _("Alasan disposisi ulang"))
    _rewrite_text(change, title=title, description=description)
    _assign(c, target)
    c.routed_at = change.now
    _status(change, Status.ROUTED)
    _start_step(c, Step.FIRST_RESPONSE, change.now)
    _entry(
        change,
        Kind.ROUTED,
        public=True,
        message=_("Aduan diteruskan ke %(agency)s.") % {"agency": target},
    )
    _entry(change, Kind.NOTE, public=False, message=reason)
    _publish(change)
    notify_followers(c, "complaint_routed", {"agency": str(target)})
    notify_staff(_staff_of(target), "staff_routed", c)
    _alert_on_duty(change, target)
    return _finish(change, "route", reason=reason)


@transaction.atomic
def reject_complaint(
    complaint: Complaint,
    *,
    by: User,
    reason: str,
    message: str = "",
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    if reason not in RejectReason.values:
        raise InvalidInput(_("Pilih alasan penolakan dari daftar."))
    change = _begin("reject", complaint, by, expected_version, ip)
    c = change.complaint
    c.reject_reason = reason
    c.closed_at = change.now
    c.step, c.due_at = "", None
    _status(change, Status.REJECTED)
    text = str(RejectReason(reason).label)
    _entry(change, Kind.REJECTED, public=True, message=f"{text}. {message}".strip())
    notify_followers(c, "complaint_rejected", {"reason": reason, "message": message})
    return _finish(change, "reject", reason=reason)


@transaction.atomic
def merge_complaint(
    complaint: Complaint,
    *,
    by: User,
    into: Complaint,
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    """Merge a duplicate into a surviving complaint; its reporter and followers follow the survivor."""
    if into.pk == complaint.pk:
        raise InvalidInput(_("Aduan tidak dapat digabungkan dengan dirinya sendiri."))
    change = _begin("merge", complaint, by, expected_version, ip)
    c = change.complaint
    survivor = Complaint.objects.select_for_update().get(pk=into.pk)
    if survivor.status in (Status.MERGED, Status.REJECTED, Status.CLOSED):
        raise InvalidInput(_("Aduan tujuan sudah ditutup; pilih aduan yang masih berjalan."))
    c.merged_into = survivor
    c.closed_at = change.now
    c.step, c.due_at = "", None
    _status(change, Status.MERGED)
    for follower in c.followers.all():
        exists = (
            survivor.followers.filter(reporter=follower.reporter_id, user=follower.user_id).exists()
            if follower.user_id
            else survivor.followers.filter(reporter=follower.reporter_id).exists()
        )
        if not exists:
            Follower.objects.create(
                complaint=survivor,
                reporter=follower.reporter,
                user=follower.user,
                source=Follower.Source.MERGE,
                notify=follower.notify,
                created_at=change.now,
            )
    Complaint.objects.filter(pk=survivor.pk).update(support_count=survivor.support_count + 1)
    _entry(
        change,
        Kind.MERGED,
        public=True,
        message=_("Aduan ini digabungkan dengan %(code)s yang membahas masalah yang sama.")
        % {"code": survivor.tracking_code},
    )
    TimelineEntry.objects.create(
        complaint=survivor,
        kind=Kind.MERGED,
        is_public=False,
        author=by,
        author_label=_("Verifikator"),
        status_before=survivor.status,
        status_after=survivor.status,
        created_at=change.now,
        message=_("Aduan %(code)s digabungkan ke aduan ini.") % {"code": c.tracking_code},
    )
    notify_followers(c, "complaint_merged", {"into": survivor.tracking_code})
    return _finish(change, "merge")


# ---------------------------------------------------------------------------------------------
# Asking the citizen


@transaction.atomic
def request_info(
    complaint: Complaint,
    *,
    by: User,
    question: str,
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    question = _require_text(question, _("Pertanyaan untuk pelapor"))
    change = _begin("request_info", complaint, by, expected_version, ip)
    c = change.complaint
    c.resume_status = c.status
    _status(change, Status.NEEDS_INFO)
    # The step's clock stops; the citizen's own reply clock starts.
    c.paused_at = change.now
    c.paused_due_at = c.due_at
    c.step = Step.CITIZEN_REPLY
    c.escalation_level = 0
    c.due_at = deadlines.due_at(Step.CITIZEN_REPLY, c, change.now)
    _entry(change, Kind.INFO_REQUESTED, public=True, message=question)
    notify_followers(c, "info_requested", {"question": question})
    return _finish(change, "request_info")


def _resume_step(c: Complaint, now: datetime) -> None:
    """Back from waiting for the citizen: the paused step goes on, its due time moved by the wait."""
    if c.paused_at is None:
        return
    step = deadlines.resumed(c, now)
    c.step, c.due_at, c.escalation_level = step.step, step.due_at, step.escalation_level
    c.paused_seconds = step.paused_seconds
    c.paused_at = c.paused_due_at = None


@transaction.atomic
def provide_info(
    complaint: Complaint,
    *,
    by: Any,
    answer: str,
    photos: Sequence[CleanImage] = (),
    public: bool = False,
    ip: str | None = None,
) -> Complaint:
    """The reporter answers a question; their words and photos are public only if they chose so."""
    answer = _require_text(answer, _("Jawaban"))
    change = _begin("provide_info", complaint, by, None, ip)
    c = change.complaint
    target = c.resume_status or Status.SUBMITTED
    _status(change, target)
    c.resume_status = ""
    _resume_step(c, change.now)
    entry = _entry(change, Kind.INFO_PROVIDED, public=True, message=answer, message_public=public)
    if photos:
        attach(c, photos, entry=entry, is_public=public)
    if target == Status.SUBMITTED:
        notify_staff(_verifiers(), "staff_citizen_replied", c)
    else:
        notify_staff(_staff_of(c.unit or c.agency), "staff_citizen_replied", c)
    return _finish(change, "provide_info")


@transaction.atomic
def withdraw_unanswered(
    complaint: Complaint, *, now: datetime | None = None, ip: str | None = None
) -> Complaint:
    """The system closes a complaint whose information request went unanswered after a reminder."""
    change = _begin("withdraw", complaint, None, None, ip, now)
    c = change.complaint
    c.close_reason = CloseReason.WITHDRAWN
    c.closed_at = change.now
    c.step, c.due_at, c.paused_at = "", None, None
    _status(change, Status.CLOSED)
    _entry(
        change,
        Kind.CLOSED,
        public=True,
        message=_(
            "Aduan ditutup karena informasi yang diminta tidak kami terima dalam batas waktu. "
            "Anda dapat mengirim aduan baru kapan saja."
        ),
    )
    notify_followers(c, "complaint_closed", {"reason": CloseReason.WITHDRAWN})
    return _finish(change, "withdraw")


# ---------------------------------------------------------------------------------------------
# The agency: accept, route down, coordinate, return, update, resolve


@transaction.atomic
def accept_complaint(
    complaint: Complaint, *, by: User, expected_version: int | None = None, ip: str | None = None
) -> Complaint:
    change = _begin("accept", complaint, by, expected_version, ip)
    c = change.complaint
    c.first_response_at = c.first_response_at or change.now
    _status(change, Status.IN_PROGRESS)
    _start_step(c, Step.COMPLETION, change.now, clock_from=c.routed_at or change.now)
    _entry(
        change,
        Kind.ACCEPTED,
        public=True,
        message=_("Aduan diterima dan sedang ditindaklanjuti oleh %(agency)s.")
        % {"agency": c.unit or c.agency},
    )
    # An auto-routed complaint reaches the agency unseen: accepting it is the first look.
    _publish(change)
    notify_followers(c, "complaint_accepted", {"agency": str(c.unit or c.agency)})
    return _finish(change, "accept")


@transaction.atomic
def route_to_unit(
    complaint: Complaint,
    *,
    by: User,
    unit: Agency,
    note: str = "",
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    change = _begin("route_to_unit", complaint, by, expected_version, ip)
    c = change.complaint
    if c.agency is None or not unit.is_within(c.agency) or unit.pk == c.agency_id:
        raise InvalidInput(_("Pilih unit kerja di bawah %(agency)s.") % {"agency": c.agency})
    _assign(c, unit)
    _entry(
        change,
        Kind.UNIT_ROUTED,
        public=False,
        message=(_("Diteruskan ke %(unit)s.") % {"unit": unit}) + (f" {note}" if note else ""),
    )
    notify_staff(_staff_of(unit), "staff_routed", c)
    _alert_on_duty(change, unit)
    return _finish(change, "route_to_unit")


@transaction.atomic
def request_coordination(
    complaint: Complaint,
    *,
    by: User,
    agency: Agency,
    message: str,
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    message = _require_text(message, _("Pesan koordinasi"))
    change = _begin("request_coordination", complaint, by, expected_version, ip)
    c = change.complaint
    if c.agency is None or c.agency_id == agency.pk or agency.is_within(c.agency):
        raise InvalidInput(_("Pilih instansi lain untuk koordinasi."))
    Coordination.objects.create(
        complaint=c,
        requested_by=c.agency,
        agency=agency,
        agency_path=agency.path,
        message=message,
        created_at=change.now,
    )
    _entry(
        change,
        Kind.COORDINATION,
        public=False,
        message=_("Koordinasi diminta kepada %(agency)s: %(message)s")
        % {"agency": agency, "message": message},
    )
    notify_staff(_staff_of(agency), "staff_coordination", c)
    return _finish(change, "request_coordination")


@transaction.atomic
def return_not_authority(
    complaint: Complaint,
    *,
    by: User,
    reason: str,
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    reason = _require_text(reason, _("Alasan bukan wewenang"))
    change = _begin("return_not_authority", complaint, by, expected_version, ip)
    c = change.complaint
    returned_by = c.agency
    c.agency, c.unit, c.assigned_path = None, None, ""
    _status(change, Status.SUBMITTED)
    _start_step(c, Step.VERIFICATION, change.now)
    _entry(
        change,
        Kind.RETURNED,
        public=False,
        message=_("%(agency)s mengembalikan aduan: bukan wewenang. %(reason)s")
        % {"agency": returned_by, "reason": reason},
    )
    notify_staff(_verifiers(), "staff_returned", c)
    _alert_on_duty(change, None)
    return _finish(change, "return_not_authority", reason=reason)


@transaction.atomic
def post_update(
    complaint: Complaint,
    *,
    by: User,
    message: str,
    public: bool = True,
    photos: Sequence[CleanImage] = (),
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    message = _require_text(message, _("Isi tindak lanjut"))
    change = _begin("post_update", complaint, by, expected_version, ip)
    c = change.complaint
    if public:
        c.first_response_at = c.first_response_at or change.now
    entry = _entry(change, Kind.UPDATE if public else Kind.NOTE, public=public, message=message)
    if photos:
        attach(c, photos, entry=entry, by=by, is_public=public)
    if public:
        notify_followers(c, "complaint_update", {"message": message})
    return _finish(change, "post_update")


@transaction.atomic
def resolve_complaint(
    complaint: Complaint,
    *,
    by: User,
    message: str,
    photos: Sequence[CleanImage] = (),
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    """The agency's final answer with evidence; reviewed first unless review is switched off."""
    message = _require_text(message, _("Uraian penyelesaian"))
    change = _begin("resolve", complaint, by, expected_version, ip)
    c = change.complaint
    if c.category.evidence_required:
        kinds = {p.kind for p in photos}
        if not {"before", "after"} <= kinds:
            raise InvalidInput(
                _("Kategori ini mewajibkan foto bukti sebelum dan sesudah penanganan.")
            )
    review = c.category.review_required
    if review is None:
        review = c.agency.review_required if c.agency else True
    c.first_response_at = c.first_response_at or change.now
    if review:
        _status(change, Status.UNDER_REVIEW)
        _start_step(c, Step.REVIEW, change.now)
        entry = _entry(change, Kind.RESOLVED, public=False, message=message)
        notify_staff(_verifiers() + _staff_of(c.agency, (Role.SUPERVISOR,)), "staff_review", c)
    else:
        _status(change, Status.RESOLVED)
        c.resolved_at = change.now
        _start_step(c, Step.CONFIRMATION, change.now)
        entry = _entry(change, Kind.RESOLVED, public=True, message=message)
        notify_followers(c, "complaint_resolved", {"message": message})
    attach(c, photos, entry=entry, by=by, is_public=not review)
    return _finish(change, "resolve")


@transaction.atomic
def approve_resolution(
    complaint: Complaint, *, by: User, expected_version: int | None = None, ip: str | None = None
) -> Complaint:
    change = _begin("approve_resolution", complaint, by, expected_version, ip)
    c = change.complaint
    resolution = c.timeline.filter(kind=Kind.RESOLVED).order_by("-created_at", "-id").first()
    _status(change, Status.RESOLVED)
    c.resolved_at = change.now
    _start_step(c, Step.CONFIRMATION, change.now)
    if resolution is not None:
        # The reviewed answer becomes public as the agency wrote it, with its evidence.
        TimelineEntry.objects.filter(pk=resolution.pk).update(is_public=True)
        resolution.attachments.update(is_public=True)
    _entry(change, Kind.RESOLUTION_APPROVED, public=False)
    notify_followers(c, "complaint_resolved", {"message": resolution.message if resolution else ""})
    return _finish(change, "approve_resolution")


@transaction.atomic
def reject_resolution(
    complaint: Complaint,
    *,
    by: User,
    reason: str,
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    reason = _require_text(reason, _("Alasan pengembalian"))
    change = _begin("reject_resolution", complaint, by, expected_version, ip)
    c = change.complaint
    _status(change, Status.IN_PROGRESS)
    _start_step(c, Step.COMPLETION, change.now, clock_from=c.routed_at or change.now)
    _entry(change, Kind.RESOLUTION_REJECTED, public=False, message=reason)
    notify_staff(_staff_of(c.unit or c.agency), "staff_resolution_rejected", c)
    return _finish(change, "reject_resolution", reason=reason)


# ---------------------------------------------------------------------------------------------
# The reporter's answer, and the system's close


@transaction.atomic
def confirm_resolution(
    complaint: Complaint,
    *,
    by: Any,
    rating: int | None = None,
    comment: str = "",
    public: bool = False,
    ip: str | None = None,
) -> Complaint:
    """The reporter confirms the resolution; the comment is public only if they chose so."""
    if rating is not None and not 1 <= rating <= 5:
        raise InvalidInput(_("Penilaian harus 1 sampai 5."))
    change = _begin("confirm", complaint, by, None, ip)
    c = change.complaint
    c.rating = rating
    c.rating_comment = comment.strip()
    c.close_reason = CloseReason.CONFIRMED
    c.closed_at = change.now
    c.step, c.due_at = "", None
    _status(change, Status.CLOSED)
    _entry(change, Kind.CONFIRMED, public=True, message=comment.strip(), message_public=public)
    notify_followers(c, "complaint_closed", {"reason": CloseReason.CONFIRMED})
    return _finish(change, "confirm")


@transaction.atomic
def dispute_resolution(
    complaint: Complaint,
    *,
    by: Any,
    reason: str,
    photos: Sequence[CleanImage] = (),
    public: bool = False,
    ip: str | None = None,
) -> Complaint:
    """The reporter disputes the resolution; the reason is public only if they chose so."""
    reason = _require_text(reason, _("Alasan sanggahan"))
    change = _begin("dispute", complaint, by, None, ip)
    _reopen(change, reason, photos, public=public)
    return _finish(change, "dispute", reason=reason)


@transaction.atomic
def reopen_on_dispute(
    complaint: Complaint,
    *,
    by: User,
    reason: str,
    channel: str,
    photos: Sequence[CleanImage] = (),
    expected_version: int | None = None,
    ip: str | None = None,
) -> Complaint:
    """The reporter disputes the resolution by phone, WhatsApp, letter or in person; staff record it.

    The complaint goes back to the agency exactly as after a dispute through the secret link, and
    the reporter is told that their dispute was recorded.
    """
    reason = _require_text(reason, _("Isi sanggahan pelapor"))
    told = Channel.objects.filter(code=channel, kind__in=TOLD_TO_STAFF).first()
    if told is None:
        raise InvalidInput(_("Pilih lewat apa pelapor menyampaikan sanggahannya."))
    change = _begin("reopen", complaint, by, expected_version, ip)
    via = told.name
    message = _("Sanggahan pelapor (disampaikan lewat %(channel)s): %(reason)s") % {
        "channel": via,
        "reason": reason,
    }
    # The reporter was not asked here whether their words may be public, so they are not.
    _reopen(change, message, photos, public=False)
    # Told to the reporter as their dispute, to other followers as the reporter's.
    notify_followers(change.complaint, "complaint_reopened")
    return _finish(change, "reopen", reason=f"{channel}: {reason}")


def _reopen(change: _Change, message: str, photos: Sequence[CleanImage], *, public: bool) -> None:
    """Back to the agency: the completion step starts again, with the dispute on the timeline."""
    c = change.complaint
    c.resolved_at = None
    _status(change, Status.IN_PROGRESS)
    _start_step(c, Step.COMPLETION, change.now)
    entry = _entry(change, Kind.DISPUTED, public=True, message=message, message_public=public)
    if photos:
        attach(c, photos, entry=entry, is_public=public)
    notify_staff(_staff_of(c.unit or c.agency), "staff_disputed", c)


@transaction.atomic
def close_unanswered(
    complaint: Complaint, *, now: datetime | None = None, ip: str | None = None
) -> Complaint:
    """The system closes a resolution neither confirmed nor disputed in time."""
    change = _begin("close", complaint, None, None, ip, now)
    c = change.complaint
    c.close_reason = CloseReason.NO_ANSWER
    c.closed_at = change.now
    c.step, c.due_at = "", None
    _status(change, Status.CLOSED)
    _entry(
        change,
        Kind.CLOSED,
        public=True,
        message=_(
            "Aduan ditutup otomatis karena penyelesaian tidak dikonfirmasi atau disanggah "
            "dalam batas waktu."
        ),
    )
    notify_followers(c, "complaint_closed", {"reason": CloseReason.NO_ANSWER})
    return _finish(change, "close")


# ---------------------------------------------------------------------------------------------
# The system's deadlines: the escalation ladder and the reporter's reminder


def _rung(change: _Change, rung: int) -> None:
    """One rung of the ladder (DESIGN §5): its internal timeline entry, and who hears of it."""
    c = change.complaint
    handler = c.unit or c.agency
    percent = settings.ADUAN_ESCALATION_LADDER[rung - 1]
    context = {"percent": percent, "step": c.step, "rung": rung}
    label = {"percent": percent, "step": str(c.get_step_display())}
    if rung == 1:
        desk_step = handler is None or c.step in (Step.VERIFICATION, Step.REVIEW)
        people = (
            recipients.verifiers()
            if handler is None or desk_step
            else recipients.officers_of(handler)
        )
        message = _("Pengingat: %(percent)s%% waktu tahap %(step)s telah terpakai.") % label
        _entry(change, Kind.REMINDER, public=False, message=message)
        notify_staff(people, "deadline_reminder", c, context)
    elif rung == 2:
        message = _("Eskalasi ke pimpinan instansi: batas waktu tahap %(step)s terlewati.") % label
        _entry(change, Kind.ESCALATION, public=False, message=message)
        notify_staff(recipients.supervisors_of(c.agency), "escalation_supervisor", c, context)
    else:
        message = (
            _("Eskalasi ke pimpinan daerah: %(percent)s%% waktu tahap %(step)s terpakai.") % label
        )
        _entry(change, Kind.ESCALATION, public=False, message=message)
        notify_staff(recipients.leadership(), "escalation_leadership", c, context)


@transaction.atomic
def escalate_complaint(
    complaint: Complaint,
    *,
    now: datetime | None = None,
    rules: deadlines.RuleBook | None = None,
    book: CalendarBook | None = None,
) -> Complaint:
    """The system climbs a late complaint up the escalation ladder (DESIGN §5): at 75% of a step's
    time the handler is reminded, at 100% the agency's supervisor hears of it, at 200% city
    leadership. Each rung is taken once per step, with an internal timeline entry; a complaint
    that passed several rungs since the last sweep takes only the highest.

    Who may: the system only (the worker's deadline sweep). The rung is measured again on the
    locked row, so a step that changed meanwhile, or a rung another worker took, raises
    InvalidTransition and changes nothing.
    """
    change = _begin("escalate", complaint, None, None, None, now)
    c = change.complaint
    rules = rules or deadlines.RuleBook()
    book = book or CalendarBook(timezone.localtime(change.now).date())
    level = deadlines.rung_due(c, change.now, rules, book)
    if level <= c.escalation_level:
        raise InvalidTransition(_("Belum ada tingkat eskalasi baru yang tercapai."))
    # Only the highest rung due: a complaint found late (no worker ran for a while) sends one
    # message set, to whoever that rung reaches, not one for every rung it passed meanwhile.
    _rung(change, level)
    c.escalation_level = level
    return _finish(change, "escalate", new_version=False)


@transaction.atomic
def remind_reporter(
    complaint: Complaint,
    *,
    now: datetime | None = None,
    rules: deadlines.RuleBook | None = None,
    book: CalendarBook | None = None,
) -> Complaint:
    """The system reminds the reporter, once, of a question still unanswered when most of their
    reply time has gone (a public timeline entry and a message). A reminder sent late, because no
    worker ran, still leaves them one working day: the due time moves.

    Who may: the system only (the worker's deadline sweep); raises InvalidTransition when the
    reminder is not due (already sent, answered meanwhile).
    """
    change = _begin("remind_reporter", complaint, None, None, None, now)
    c = change.complaint
    rules = rules or deadlines.RuleBook()
    book = book or CalendarBook(timezone.localtime(change.now).date())
    if c.step != Step.CITIZEN_REPLY or not deadlines.reply_reminder_due(c, change.now, rules, book):
        raise InvalidTransition(_("Pengingat untuk pelapor tidak diperlukan saat ini."))
    assert c.due_at is not None  # reply_reminder_due checked it
    if c.due_at <= change.now:
        c.due_at = add_working_days(change.now, 1, book.for_agency(c.unit or c.agency))
    c.escalation_level = 1
    _entry(
        change,
        Kind.REMINDER,
        public=True,
        message=_("Pengingat dikirim kepada pelapor: informasi yang diminta belum diterima."),
    )
    notify_followers(c, "info_reminder", {"due": timezone.localtime(c.due_at).isoformat()})
    return _finish(change, "remind_reporter", new_version=False)


__all__ = [
    "VIA_SECRET_LINK",
    "Classification",
    "ReporterDetails",
    "accept_complaint",
    "approve_resolution",
    "close_unanswered",
    "confirm_resolution",
    "dispute_resolution",
    "escalate_complaint",
    "merge_complaint",
    "post_update",
    "provide_info",
    "reject_complaint",
    "reject_resolution",
    "remind_reporter",
    "request_coordination",
    "request_info",
    "resolve_complaint",
    "return_not_authority",
    "route_complaint",
    "route_to_unit",
    "submit_complaint",
    "verify_complaint",
    "withdraw_unanswered",
]
