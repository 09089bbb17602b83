"""Anonymity through the desk: whatever the channel, nothing an agency can reach names the reporter.

The desk records one complaint per channel × anonim × rahasia for the same, distinctive reporter,
and walks them to agency A, to a coordinating agency B and into review. Then every surface that an
officer, a supervisor, city leadership and the coordinating agency's officer can reach is read and
searched for the reporter's name, number, email, channel reference and original message.

A surface is a function (client, persona, complaints) → [(label, text)]; the JSON API adds its own
to SURFACES, and every persona and complaint is walked through it with the others.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.test import Client
from django.urls import reverse

from aduan.accounts.models import User
from aduan.complaints import actions
from aduan.complaints.channels import Channel
from aduan.complaints.models import Complaint
from aduan.complaints.queues import QUEUES
from aduan.complaints.states import Status
from aduan.notifications.channels.inapp import InAppChannel
from aduan.notifications.models import Outbox
from aduan.notifications.render import render
from aduan.testing import City, staff_login

NAME = "Siti Rahmawati Contoh"
PHONE = "0857-3141-5926"
EMAIL = "siti.rahmawati.contoh@example.test"
ORIGINAL = (
    "Assalamualaikum Pak, saya Siti Rahmawati Contoh dari RT 05, WA saya 0857 3141 5926. "
    "Kode pesan KENARI-7731: jalan depan rumah saya rusak parah, tolong dibantu ya."
)
REFERENCES: dict[str, str] = {
    Channel.WHATSAPP: "WA dari +62 857 3141 5926",
    Channel.SMS: "SMS dari 085731415926",
    Channel.EMAIL: "Surel dari siti.rahmawati.contoh@example.test",
    Channel.PHONE: "Telepon masuk (0857) 3141-5926 pukul 09.12",
    Channel.SOCIAL: "https://x.example/sitirahma_kenari/status/77310001",
    Channel.WALK_IN: "Loket 2, KTP a.n. Siti Rahmawati Contoh",
    Channel.LETTER: "Surat No. 045/KENARI-7731/RT-05",
    Channel.LAPOR: "LAPOR-KENARI-7731",
    Channel.API: "aplikasi-rt:akun-sitirahma-kenari",
}
# What must never be found: each is distinctive enough to appear nowhere by chance.
NEEDLES = [
    NAME,
    "Rahmawati",
    "85731415926",  # the number, in any format once separators inside numbers are squeezed out
    EMAIL,
    "sitirahma",
    "KENARI-7731",
    "Assalamualaikum Pak",
    "tolong dibantu ya",
    *REFERENCES.values(),
]
# The desk's own words for the agency.
TITLE = "Jalan lingkungan rusak"
DESCRIPTION = "Permukaan jalan lingkungan rusak dan membahayakan pengendara; mohon diperiksa."
PERSONAS = ["officer_a", "supervisor_a", "leadership", "officer_b"]


def _squeezed(text: str) -> str:
    return re.sub(r"(?<=\d)[\s.\-()+]+(?=\d)", "", text)


def leaks_in(text: str) -> list[str]:
    plain, squeezed = text.lower(), _squeezed(text).lower()
    return [n for n in NEEDLES if n.lower() in plain or _squeezed(n).lower() in squeezed]


# ---------------------------------------------------------------------------------------------
# The complaints


def _record(client: Client, city: City, channel: str, anonim: bool, rahasia: bool) -> Complaint:
    if channel == Channel.WEB:
        return actions.submit_complaint(
            by=None,
            category=city.road,
            title=TITLE,
            description=DESCRIPTION,
            area=city.kelurahan,
            is_anonymous=anonim,
            is_confidential=rahasia,
            reporter=actions.ReporterDetails(name=NAME, phone=PHONE, email=EMAIL),
        )
    data = {
        "channel": channel,
        "channel_reference": REFERENCES[channel],
        "original_message": ORIGINAL,
        "category": str(city.road.pk),
        "title": TITLE,
        "description": DESCRIPTION,
        "area": city.kelurahan.code,
        "address": "Jl. Kenanga Raya",
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
    }
    if anonim:
        data["is_anonymous"] = "on"
    if rahasia:
        data["is_confidential"] = "on"
    response = client.post(reverse("staff:intake"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Complaint.objects.get(tracking_code=response["Location"].rstrip("/").split("/")[-1])


def _walk(city: City, complaint: Complaint, stop: int) -> None:
    """0: routed to agency A; 1: in progress, with agency B coordinating; 2: also under review."""
    c = actions.verify_complaint(complaint, by=city.verifier, target=city.agency_a)
    if stop == 0:
        return
    c = actions.accept_complaint(c, by=city.officer_a)
    c = actions.request_coordination(
        c, by=city.officer_a, agency=city.agency_b, message="Mohon bantu pengangkutan puing."
    )
    c = actions.post_update(c, by=city.officer_a, message="Tim meninjau lokasi.", public=True)
    c = actions.post_update(c, by=city.officer_a, message="Anggaran dicek.", public=False)
    if stop == 2:
        actions.resolve_complaint(c, by=city.officer_a, message="Jalan sudah diperbaiki.")


# ---------------------------------------------------------------------------------------------
# The surfaces


Texts = list[tuple[str, str]]


@dataclass(frozen=True)
class Surface:
    name: str
    read: Callable[[Client, User, list[Complaint]], Texts]


def _body(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return str(response.content.decode())


def complaint_pages(client: Client, who: User, complaints: list[Complaint]) -> Texts:
    found = []
    for c in complaints:
        response = client.get(reverse("staff:complaint", args=[c.tracking_code]))
        assert response.status_code in (200, 404)
        found.append((f"{c.tracking_code} page ({response.status_code})", _body(response)))
    return found


def identity_requests(client: Client, who: User, complaints: list[Complaint]) -> Texts:
    """Asking to open the identity: refused, and the refusal shows nothing either."""
    found = []
    for c in complaints:
        url = reverse("staff:identity", args=[c.tracking_code])
        response = client.post(url, {"reason": "Ingin tahu siapa pelapornya"})
        found.append((f"{c.tracking_code} identity ({response.status_code})", _body(response)))
    return found


def queues(client: Client, who: User, complaints: list[Complaint]) -> Texts:
    urls = [reverse("staff:home"), reverse("staff:queue", args=["semua"]) + "?q=jalan"]
    urls += [reverse("staff:queue", args=[slug]) for slug in QUEUES]
    return [(url, _body(client.get(url))) for url in urls]


def in_app_notifications(client: Client, who: User, complaints: list[Complaint]) -> Texts:
    url = reverse("staff:notifications")
    return [(url, _body(client.get(url)))]


def notification_messages(client: Client, who: User, complaints: list[Complaint]) -> Texts:
    """Every message queued for this person, rendered as it is sent (subject, text, html)."""
    found = []
    for row in Outbox.objects.filter(recipient_user=who).order_by("pk"):
        message = render(row)
        found.append((f"outbox {row.template} {row.channel}", message.subject))
        found.append((f"outbox {row.template} {row.channel} text", message.text))
        found.append((f"outbox {row.template} {row.channel} html", message.html))
    return found


def exports(client: Client, who: User, complaints: list[Complaint]) -> Texts:
    url = reverse("staff:reports_export")
    csv = client.get(url, {"format": "csv"})
    xlsx = client.get(url, {"format": "xlsx"})
    assert (csv.status_code, xlsx.status_code) == (200, 200)
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    cells = [
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    return [("export csv", _body(csv)), ("export xlsx", "\n".join(cells))]


def reports(client: Client, who: User, complaints: list[Complaint]) -> Texts:
    urls = [reverse("staff:reports"), reverse("staff:reports_monthly")]
    return [(url, _body(client.get(url))) for url in urls]


def public_pages(client: Client, who: User, complaints: list[Complaint]) -> Texts:
    """What anyone, officers included, can open without signing in to the console."""
    urls = ["/", "/arsip/", "/transparansi/", "/data/aduan.csv", "/data/aduan.json"]
    urls += [f"/lacak/{c.tracking_code}/" for c in complaints]
    anonymous = Client()
    return [(url, _body(anonymous.get(url))) for url in urls]


SURFACES = [
    Surface("complaint page", complaint_pages),
    Surface("identity request", identity_requests),
    Surface("queues", queues),
    Surface("in-app notifications", in_app_notifications),
    Surface("notification messages", notification_messages),
    Surface("exports", exports),
    Surface("reports", reports),
    Surface("public pages", public_pages),
]


# ---------------------------------------------------------------------------------------------


def test_nothing_an_agency_can_reach_names_the_reporter_whatever_the_channel(
    client: Client, city: City
) -> None:
    desk = Client()
    staff_login(desk, city.verifier)
    complaints = []
    combinations = itertools.product([Channel.WEB, *REFERENCES], (False, True), (False, True))
    for index, (channel, anonim, rahasia) in enumerate(combinations):
        complaint = _record(desk, city, channel, anonim, rahasia)
        _walk(city, complaint, index % 3)
        complaints.append(complaint)
    assert len(complaints) == (len(REFERENCES) + 1) * 4
    for row in Outbox.objects.filter(channel="inapp"):
        InAppChannel().send(render(row))

    leaks = []
    pages_seen: dict[str, int] = {}
    for persona in PERSONAS:
        who = city.personas[persona]
        staff_login(client, who)
        for surface in SURFACES:
            for label, text in surface.read(client, who, complaints):
                if surface.name == "complaint page" and "(200)" in label:
                    pages_seen[persona] = pages_seen.get(persona, 0) + 1
                leaks += [(persona, surface.name, label, needle) for needle in leaks_in(text)]
        client.logout()

    found = sorted({f"{persona} · {surface}: {needle}" for persona, surface, _, needle in leaks})
    assert leaks == [], f"{len(leaks)} leaks, e.g. {leaks[0]}:\n" + "\n".join(found)
    # The walk really read the complaints: every one for agency A and the leadership, the
    # coordinated ones for agency B.
    coordinated = sum(1 for i in range(len(complaints)) if i % 3)
    assert pages_seen == {
        "officer_a": len(complaints),
        "supervisor_a": len(complaints),
        "leadership": len(complaints),
        "officer_b": coordinated,
    }
    assert Complaint.objects.filter(status=Status.UNDER_REVIEW).count() == len(complaints) // 3


def test_the_needles_are_there_for_the_desk_to_open_with_a_reason(
    client: Client, city: City
) -> None:
    """The walk above could pass by looking for the wrong things; the desk's reveal finds them."""
    staff_login(client, city.verifier)
    complaint = _record(client, city, Channel.WHATSAPP, anonim=True, rahasia=False)

    response = client.post(
        reverse("staff:identity", args=[complaint.tracking_code]),
        {"reason": "Menghubungi pelapor untuk lokasi persis"},
    )

    assert response.status_code == 200
    found = set(leaks_in(response.content.decode()))
    assert {NAME, EMAIL, "85731415926", REFERENCES[Channel.WHATSAPP], "KENARI-7731"} <= found
