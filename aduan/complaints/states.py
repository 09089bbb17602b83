"""The life of a complaint (DESIGN §4): statuses, their groups and public words, and every transition.

This table is the only description of what may happen to a complaint; actions.py checks it before
every change, and tests walk it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan")
    NEEDS_INFO = "needs_info", _("Menunggu informasi pelapor")
    ROUTED = "routed", _("Didisposisikan")
    IN_PROGRESS = "in_progress", _("Ditindaklanjuti")
    UNDER_REVIEW = "under_review", _("Penyelesaian diperiksa")
    RESOLVED = "resolved", _("Diselesaikan")
    CLOSED = "closed", _("Ditutup")
    REJECTED = "rejected", _("Ditolak")
    MERGED = "merged", _("Digabungkan")


class Group(models.TextChoices):
    OPEN = "open", _("Terbuka")
    IN_PROGRESS = "in_progress", _("Dalam proses")
    CLOSED = "closed", _("Selesai/ditutup")


GROUPS: dict[str, frozenset[str]] = {
    Group.OPEN: frozenset({Status.SUBMITTED, Status.NEEDS_INFO, Status.ROUTED}),
    Group.IN_PROGRESS: frozenset({Status.IN_PROGRESS, Status.UNDER_REVIEW, Status.RESOLVED}),
    Group.CLOSED: frozenset({Status.CLOSED, Status.REJECTED, Status.MERGED}),
}
FINAL = GROUPS[Group.CLOSED]
# The statuses still waiting for someone, in a fixed order: queries and the partial index that
# serves them name the same list.
OPEN_ORDERED = sorted(set(Status.values) - FINAL)


def group_of(status: str) -> str:
    for group, members in GROUPS.items():
        if status in members:
            return group
    raise KeyError(status)


# Public words follow SP4N-LAPOR! so citizens see familiar terms; each maps both ways (lapor.py).
PUBLIC_LABELS: dict[str, Promise] = {
    Status.SUBMITTED: _("Belum Terverifikasi"),
    Status.NEEDS_INFO: _("Menunggu Jawaban Pelapor"),
    Status.ROUTED: _("Belum Ditindaklanjuti"),
    Status.IN_PROGRESS: _("Proses"),
    Status.UNDER_REVIEW: _("Proses"),
    Status.RESOLVED: _("Selesai"),
    Status.CLOSED: _("Selesai"),
    Status.REJECTED: _("Ditolak"),
    Status.MERGED: _("Digabungkan"),
}

# SP4N-LAPOR! status words, for the connector: ours → theirs, and theirs → ours.
LAPOR_STATUS: dict[str, str] = {
    Status.SUBMITTED: "Belum Terverifikasi",
    Status.NEEDS_INFO: "Belum Terverifikasi",
    Status.ROUTED: "Belum Ditindaklanjuti",
    Status.IN_PROGRESS: "Proses",
    Status.UNDER_REVIEW: "Proses",
    Status.RESOLVED: "Selesai",
    Status.CLOSED: "Selesai",
    Status.REJECTED: "Diarsipkan",
    Status.MERGED: "Diarsipkan",
}
FROM_LAPOR_STATUS: dict[str, str] = {
    "Belum Terverifikasi": Status.SUBMITTED,
    "Belum Ditindaklanjuti": Status.ROUTED,
    "Proses": Status.IN_PROGRESS,
    "Selesai": Status.RESOLVED,
    "Diarsipkan": Status.CLOSED,
}


class Actor(models.TextChoices):
    """Who may take a transition: a role, the reporter, or the system's own jobs."""

    CITIZEN = "citizen", _("Warga")
    REPORTER = "reporter", _("Pelapor")
    VERIFIER = "verifier", _("Verifikator")
    OFFICER = "officer", _("Petugas")
    SUPERVISOR = "supervisor", _("Pimpinan")
    SYSTEM = "system", _("Sistem")


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    # None: the target depends on the complaint (e.g. provide_info returns to the state it came from).
    target: str | None
    actors: frozenset[str]


def _t(action: str, sources: set[str], target: str | None, actors: set[str]) -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(actors))


S, A = Status, Actor
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        _t("submit", set(), S.SUBMITTED, {A.CITIZEN, A.VERIFIER}),
        _t("verify", {S.SUBMITTED}, S.ROUTED, {A.VERIFIER, A.SYSTEM}),
        _t("request_info", {S.SUBMITTED, S.IN_PROGRESS}, S.NEEDS_INFO, {A.VERIFIER, A.OFFICER}),
        _t("provide_info", {S.NEEDS_INFO}, None, {A.REPORTER}),
        _t("withdraw", {S.NEEDS_INFO}, S.CLOSED, {A.SYSTEM}),
        _t("route", {S.ROUTED, S.IN_PROGRESS}, S.ROUTED, {A.VERIFIER}),
        _t("reject", {S.SUBMITTED}, S.REJECTED, {A.VERIFIER}),
        _t("merge", {S.SUBMITTED, S.ROUTED}, S.MERGED, {A.VERIFIER}),
        _t("accept", {S.ROUTED}, S.IN_PROGRESS, {A.OFFICER, A.SUPERVISOR}),
        _t(
            "return_not_authority",
            {S.ROUTED, S.IN_PROGRESS},
            S.SUBMITTED,
            {A.OFFICER, A.SUPERVISOR},
        ),
        _t("route_to_unit", {S.ROUTED, S.IN_PROGRESS}, None, {A.OFFICER, A.SUPERVISOR}),
        _t("request_coordination", {S.IN_PROGRESS}, None, {A.OFFICER, A.SUPERVISOR}),
        _t("post_update", {S.IN_PROGRESS}, None, {A.OFFICER, A.SUPERVISOR}),
        _t("resolve", {S.IN_PROGRESS}, None, {A.OFFICER, A.SUPERVISOR}),
        _t("approve_resolution", {S.UNDER_REVIEW}, S.RESOLVED, {A.VERIFIER, A.SUPERVISOR}),
        _t("reject_resolution", {S.UNDER_REVIEW}, S.IN_PROGRESS, {A.VERIFIER, A.SUPERVISOR}),
        _t("confirm", {S.RESOLVED}, S.CLOSED, {A.REPORTER}),
        _t("dispute", {S.RESOLVED}, S.IN_PROGRESS, {A.REPORTER}),
        # The same dispute, told to the desk or the agency by phone, WhatsApp, letter or in person.
        _t("reopen", {S.RESOLVED}, S.IN_PROGRESS, {A.VERIFIER, A.SUPERVISOR}),
        _t("close", {S.RESOLVED}, S.CLOSED, {A.SYSTEM}),
        # The system's own changes that keep the status: the deadline ladder and the reminder.
        _t(
            "escalate",
            {S.SUBMITTED, S.ROUTED, S.IN_PROGRESS, S.UNDER_REVIEW},
            None,
            {A.SYSTEM},
        ),
        _t("remind_reporter", {S.NEEDS_INFO}, None, {A.SYSTEM}),
    ]
}


def allowed(action: str, status: str | None) -> bool:
    """Whether action may start from status (None: the complaint does not exist yet)."""
    transition = TRANSITIONS[action]
    if status is None:
        return not transition.sources
    return status in transition.sources


def actions_from(status: str) -> list[str]:
    return [name for name, t in TRANSITIONS.items() if status in t.sources]
