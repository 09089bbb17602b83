"""The desk writes the text the agency reads: at intake without the reporter in it, and when verifying
or re-routing it may rewrite (redact) it; the edit is internal and audited, the original kept apart."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from aduan.audit.models import AuditEntry
from aduan.complaints import actions
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.privacy.identity import reveal
from aduan.testing import City, staff_login, submit

NAME = "Siti Rahmawati Contoh"
PHONE = "0857 3141 5926"
EMAIL = "siti.rahmawati.contoh@example.test"
REFERENCE = "https://x.example/sitirahma_kenari/status/7731"


def _intake(city: City, **overrides: str) -> dict[str, str]:
    values = {
        "channel": "whatsapp",
        "channel_reference": "WA dari +62 857 3141 5926",
        "original_message": f"Pak, saya {NAME}. Jalan depan rumah saya rusak.",
        "category": str(city.road.pk),
        "title": "Jalan lingkungan rusak",
        "description": "Permukaan jalan rusak dan membahayakan pengendara.",
        "area": city.kelurahan.code,
        "address": "",
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "is_anonymous": "on",
    }
    values.update(overrides)
    return values


def test_the_intake_form_says_the_channel_reference_is_hidden_from_the_agency(
    client: Client, city: City
) -> None:
    staff_login(client, city.verifier)

    html = client.get(reverse("staff:intake")).content.decode()

    # Today's help text asked for the sender's number in a field the handling officer was shown.
    assert "nomor surat, atau nomor pengirim." not in html
    assert "Identitas pelapor: disimpan terenkripsi, instansi tidak melihatnya." in html
    assert "instansi hanya membaca bagian ini" in html
    assert "tanpa nama, nomor atau alamat pelapor" in html


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("title", f"Aduan {NAME}: jalan rusak"),
        ("description", "Hubungi pelapor di +62-857-3141-5926 untuk lokasi persisnya."),
        ("description", f"Pelapor ({EMAIL.upper()}) minta kabar."),
        ("description", f"Lihat unggahan {REFERENCE} untuk fotonya."),
    ],
    ids=["name in title", "number", "email", "channel reference"],
)
def test_intake_refuses_agency_text_that_names_the_reporter(
    client: Client, city: City, field: str, text: str
) -> None:
    staff_login(client, city.verifier)

    response = client.post(
        reverse("staff:intake"),
        _intake(city, channel="social", channel_reference=REFERENCE, **{field: text}),
    )

    assert response.status_code == 400
    assert "Memuat identitas pelapor" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_one_word_name_that_is_also_a_street_is_not_refused(client: Client, city: City) -> None:
    staff_login(client, city.verifier)

    response = client.post(
        reverse("staff:intake"),
        _intake(city, name="Sudirman", description="Lubang besar di Jl. Sudirman dekat pasar."),
    )

    assert response.status_code == 302


def _verify_form(c: Complaint, city: City, **overrides: str) -> dict[str, str]:
    values = {
        "verify-version": str(c.version),
        "verify-classification": c.classification,
        "verify-category": str(c.category_id),
        "verify-complexity": c.complexity,
        "verify-title": c.title,
        "verify-description": c.description,
        "verify-target": str(city.agency_a.pk),
        "verify-is_anonymous": "on",
    }
    values.update(overrides)
    return values


def test_the_desk_takes_the_reporter_out_of_the_text_before_routing(
    client: Client, city: City
) -> None:
    told = f"Saya {NAME} ({PHONE}), lampu jalan di depan rumah saya mati sejak Senin."
    c = submit(
        city,
        title=f"Lampu mati depan rumah {NAME}",
        description=told,
        is_anonymous=True,
        reporter=actions.ReporterDetails(name=NAME, phone=PHONE, email=EMAIL),
    )
    staff_login(client, city.verifier)
    form = client.get(reverse("staff:complaint", args=[c.tracking_code])).content.decode()
    assert 'name="verify-description"' in form

    response = client.post(
        reverse("staff:action", args=[c.tracking_code, "verify"]),
        _verify_form(
            c,
            city,
            **{
                "verify-title": "Lampu jalan mati",
                "verify-description": "Lampu jalan di lingkungan pelapor mati sejak Senin.",
            },
        ),
    )

    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.title, c.status) == ("Lampu jalan mati", "routed")
    staff_login(client, city.officer_a)
    page = client.get(reverse("staff:complaint", args=[c.tracking_code])).content.decode()
    assert "Lampu jalan di lingkungan pelapor mati sejak Senin." in page
    assert "Rahmawati" not in page and PHONE not in page
    # The edit is on the internal timeline and in the audit, without the words taken out.
    note = TimelineEntry.objects.get(complaint=c, kind="note")
    assert note.is_public is False
    assert note.message.startswith("Teks yang dibaca instansi disunting (judul, uraian).")
    assert "Teks yang dibaca instansi disunting" in page
    entry = AuditEntry.objects.get(action="complaint.verify", object_id=str(c.pk))
    assert set(entry.before) >= {"title", "description"}
    assert entry.before["description"] != entry.after["description"]
    audit = json.dumps(list(AuditEntry.objects.values("before", "after", "reason")))
    assert "Rahmawati" not in audit and "Lampu jalan mati" not in audit
    public = Client().get(reverse("public:tracking", args=[c.tracking_code])).content.decode()
    assert "disunting" not in public and "Rahmawati" not in public
    # What the citizen sent stays with their identity, for the desk to open with a reason.
    identity = reveal(city.verifier, c, "Memeriksa teks asli pelapor")
    assert identity["original_message"] == f"Lampu mati depan rumah {NAME}\n\n{told}"


def test_an_unchanged_text_leaves_no_edit_note(client: Client, city: City) -> None:
    c = submit(city)
    staff_login(client, city.verifier)

    response = client.post(
        reverse("staff:action", args=[c.tracking_code, "verify"]), _verify_form(c, city)
    )

    assert response.status_code == 302
    assert not TimelineEntry.objects.filter(complaint=c, kind="note").exists()
    assert c.reporter is not None and reveal(city.verifier, c, "Cek")["original_message"] == ""


def test_the_desk_can_still_rewrite_the_text_when_routing_again(client: Client, city: City) -> None:
    c = submit(city, description=f"Dari {NAME}: lubang besar di jalan.")
    c = actions.verify_complaint(c, by=city.verifier, target=city.agency_a)
    staff_login(client, city.verifier)

    response = client.post(
        reverse("staff:action", args=[c.tracking_code, "route"]),
        {
            "route-version": str(c.version),
            "route-target": str(city.agency_b.pk),
            "route-reason": "Salah instansi",
            "route-title": c.title,
            "route-description": "Lubang besar di jalan.",
        },
    )

    assert response.status_code == 302
    c.refresh_from_db()
    assert (c.description, c.agency) == ("Lubang besar di jalan.", city.agency_b)
    assert TimelineEntry.objects.filter(
        complaint=c, kind="note", message__startswith="Teks yang dibaca instansi disunting (uraian)"
    ).exists()
