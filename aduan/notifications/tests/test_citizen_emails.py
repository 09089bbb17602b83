"""A citizen receives every email of a complaint's life in a real SMTP server on loopback."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from aduan.complaints import actions
from aduan.complaints.models import Follower
from aduan.lib.signing import check_reporter_token, check_unsubscribe_token
from aduan.notifications.models import DeliveryAttempt, Outbox
from aduan.notifications.tests.conftest import SMTPServer, run_worker
from aduan.testing import City, photo, submit

CITIZEN = "siti@example.test"


def text_of(message: object) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()  # type: ignore[attr-defined]


def html_of(message: object) -> str:
    return message.get_body(preferencelist=("html",)).get_content()  # type: ignore[attr-defined]


def test_the_citizen_gets_every_email_from_submission_to_closing(
    city: City, smtp: SMTPServer, notify_file: Path
) -> None:
    c = submit(city)
    run_worker()
    c = actions.verify_complaint(c, by=city.verifier, target=city.agency_a)
    run_worker()
    c = actions.accept_complaint(c, by=city.officer_a)
    run_worker()
    c = actions.post_update(c, by=city.officer_a, message="Tim survei datang hari Selasa.")
    run_worker()
    c = actions.request_info(c, by=city.officer_a, question="Berapa lebar lubangnya?")
    run_worker()
    c = actions.provide_info(c, by=actions.VIA_SECRET_LINK, answer="Sekitar satu meter.")
    c = actions.resolve_complaint(
        c, by=city.officer_a, message="Lubang sudah ditambal aspal.", photos=[photo()]
    )
    c = actions.approve_resolution(c, by=city.verifier)
    run_worker()
    c = actions.confirm_resolution(c, by=actions.VIA_SECRET_LINK, rating=5)
    run_worker()

    code = c.tracking_code
    subjects = [str(m["Subject"]) for m in smtp.to(CITIZEN)]
    assert subjects == [
        f"Aduan {code} telah kami terima",
        f"Aduan {code} diteruskan ke Dinas PUPR",
        f"Aduan {code} sedang ditindaklanjuti",
        f"Kabar terbaru aduan {code}",
        f"Aduan {code}: petugas memerlukan informasi dari Anda",
        f"Aduan {code} telah diselesaikan",
        f"Aduan {code} telah ditutup",
    ]
    received, _routed, _accepted, update, question, resolved, closed = smtp.to(CITIZEN)
    assert f"kode lacak {code}" in text_of(received)
    assert "Tim survei datang hari Selasa." in text_of(update)
    assert "Berapa lebar lubangnya?" in text_of(question)
    assert "Lubang sudah ditambal aspal." in text_of(resolved)
    assert "Terima kasih atas konfirmasi Anda" in text_of(closed)

    # Every message links to the secret tracking page and lets the citizen unsubscribe.
    base = re.escape(settings.ADUAN_BASE_URL)
    for message in smtp.to(CITIZEN):
        body = text_of(message)
        token = re.search(base + rf"/lacak/{code}/\?kunci=(\S+)", body)
        assert token is not None, body
        assert check_reporter_token(token.group(1).replace("%3A", ":"), code)
        unsubscribe = re.search(base + r"/berhenti/(\S+)/", body)
        assert unsubscribe is not None
        follower = Follower.objects.get(complaint=c)
        assert check_unsubscribe_token(unsubscribe.group(1)) == follower.pk
        assert str(message["List-Unsubscribe"]).strip() == f"<{unsubscribe.group(0)}>"
        assert f'href="{settings.ADUAN_BASE_URL}/lacak/{code}/?kunci=' in html_of(message)
    assert f"/lacak/{code}/konfirmasi/?kunci=" in text_of(resolved)
    assert f"/lacak/{code}/sanggah/?kunci=" in text_of(resolved)
    assert "<blockquote" in html_of(resolved)

    # WhatsApp went to the development file, since no gateway is configured.
    assert notify_file.read_text().count("whatsapp to 081234567890") == 7

    # Staff got theirs too, with links to the staff console.
    officer = [str(m["Subject"]) for m in smtp.to(city.officer_a.email)]
    assert f"Aduan {code} didisposisikan kepada Anda" in officer
    assert f"Pelapor menjawab: aduan {code}" in officer
    assert f"{settings.ADUAN_BASE_URL}/staf/aduan/{code}/" in text_of(
        smtp.to(city.officer_a.email)[0]
    )
    assert "/berhenti/" not in text_of(smtp.to(city.officer_a.email)[0])

    # Nothing left behind, one successful attempt per row, Message-ID derived from the row.
    assert not Outbox.objects.exclude(status=Outbox.Status.SENT).exists()
    for row in Outbox.objects.filter(channel="email"):
        assert list(row.delivery_attempts.values_list("ok", flat=True)) == [True]
    keys = {f"<{k}@kota.example>" for k in Outbox.objects.values_list("idempotency_key", flat=True)}
    assert {str(m["Message-ID"]) for m in smtp.messages} <= keys
    assert DeliveryAttempt.objects.filter(ok=True).count() == Outbox.objects.count()


def test_a_rejection_names_the_reason_and_what_to_do_instead(city: City, smtp: SMTPServer) -> None:
    c = actions.reject_complaint(
        submit(city), by=city.verifier, reason="out_of_scope", message="Jalan nasional."
    )
    run_worker()
    rejected = smtp.to(CITIZEN)[-1]
    assert str(rejected["Subject"]) == f"Aduan {c.tracking_code} tidak dapat diproses"
    body = text_of(rejected)
    assert "Alasan: Di luar kewenangan pemerintah daerah ini." in body
    assert "Jalan nasional." in body
    assert "SP4N-LAPOR!" in body


def test_a_merged_complaint_tells_the_citizen_where_to_follow(city: City, smtp: SMTPServer) -> None:
    survivor = submit(city)
    duplicate = actions.merge_complaint(submit(city), by=city.verifier, into=survivor)
    run_worker()
    merged = smtp.to(CITIZEN)[-1]
    assert str(merged["Subject"]) == (
        f"Aduan {duplicate.tracking_code} digabungkan dengan {survivor.tracking_code}"
    )


def test_a_citizen_who_chose_english_gets_english(city: City, smtp: SMTPServer) -> None:
    c = submit(
        city,
        reporter=actions.ReporterDetails(name="Ann", email="ann@example.test", language="en"),
    )
    run_worker()
    message = smtp.to("ann@example.test")[0]
    assert str(message["Subject"]) == f"We have received complaint {c.tracking_code}"
    assert "tracking code" in text_of(message)
    assert "Unsubscribe" in html_of(message)
    assert 'lang="en"' in html_of(message)


def test_an_unsubscribed_follower_gets_nothing_more(city: City, smtp: SMTPServer) -> None:
    c = submit(city)
    run_worker()
    Follower.objects.filter(complaint=c).update(notify=False)
    actions.reject_complaint(c, by=city.verifier, reason="spam")
    run_worker()
    assert len(smtp.to(CITIZEN)) == 1
    assert Outbox.objects.filter(template="complaint_rejected").count() == 0
