"""Who hears what: secret and action links reach the reporter only; supporters get plain news.

Every message goes through the real outbox, the worker command and an SMTP server on loopback.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.test import Client

from aduan.audit.models import AuditEntry
from aduan.complaints import actions, support
from aduan.complaints.models import Complaint, Follower
from aduan.complaints.states import Status
from aduan.notifications.models import Outbox
from aduan.notifications.queue import notify_followers
from aduan.notifications.tests.conftest import Gateway, SMTPServer, run_worker
from aduan.notifications.tests.test_citizen_emails import html_of, text_of
from aduan.public.tests.conftest import fill_report
from aduan.testing import City, complaint_in, submit

REPORTER = "siti@example.test"
STRANGER = "orang.asing@example.test"
# What only the reporter may do, as the audit names it.
REPORTER_ACTIONS = ["complaint.confirm", "complaint.dispute", "complaint.provide_info"]
ACTION_PATHS = ("/konfirmasi/", "/sanggah/", "/jawab/")


def _links(message: Any) -> list[str]:
    """Every address a person could open from the message, in its text and its html."""
    text = re.findall(r"https?://\S+", text_of(message))
    html = re.findall(r'href="([^"]+)"', html_of(message))
    return [link.replace("&amp;", "&") for link in text + html]


def _powerless(message: Any, code: str) -> None:
    """Plain news: a public tracking link, no secret key, no confirm, dispute or answer link."""
    body = text_of(message) + html_of(message)
    assert "kunci" not in body
    for path in ACTION_PATHS:
        assert path not in body
    assert f"{settings.ADUAN_BASE_URL}/lacak/{code}/" in text_of(message).splitlines()


def _stranger_with_a_draft(city: City) -> Client:
    """A visitor without an account who typed their email into a report draft."""
    client = Client()
    fill_report(
        client,
        city,
        skip=("/aduan/baru/persetujuan/",),
        email=STRANGER,
        phone="",
        name="",
    )
    return client


def test_a_stranger_who_follows_by_supporting_cannot_act_as_the_reporter(
    city: City, smtp: SMTPServer
) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    code = c.tracking_code
    stranger = _stranger_with_a_draft(city)
    followed = stranger.post(f"/dukung/{code}/", {"ikuti": "1"})
    assert followed.status_code == 302
    assert Follower.objects.filter(complaint=c, source=Follower.Source.SUPPORT).count() == 1
    run_worker()

    c = actions.resolve_complaint(c, by=city.officer_a, message="Lubang sudah ditambal aspal.")
    c = actions.approve_resolution(c, by=city.verifier)
    run_worker()

    # The stranger opens everything their message offers and a key of their own making, then
    # tries the reporter's forms.
    (news,) = smtp.to(STRANGER)
    for link in _links(news):
        stranger.get(link.removeprefix(settings.ADUAN_BASE_URL))
    stranger.get(f"/lacak/{code}/?kunci={code}:palsu")
    confirm = stranger.post(
        f"/lacak/{code}/konfirmasi/", {"konfirmasi-rating": "5", "konfirmasi-comment": "Mantap"}
    )
    dispute = stranger.post(f"/lacak/{code}/sanggah/", {"sanggah-reason": "Belum selesai."})

    assert confirm.status_code == 403
    assert dispute.status_code == 403
    c.refresh_from_db()
    assert c.status == Status.RESOLVED and c.rating is None
    assert not AuditEntry.objects.filter(object_id=str(c.pk), action__in=REPORTER_ACTIONS)

    # They heard the news, plainly.
    assert str(news["Subject"]) == f"Aduan {code} telah diselesaikan"
    assert "Lubang sudah ditambal aspal." in text_of(news)
    assert "Pelapor diminta mengonfirmasi" in text_of(news)
    _powerless(news, code)
    # The reporter still gets the secret link and the links to confirm or dispute.
    resolved = smtp.to(REPORTER)[-1]
    assert f"/lacak/{code}/konfirmasi/?kunci=" in text_of(resolved)
    assert f"/lacak/{code}/sanggah/?kunci=" in text_of(resolved)
    assert f"/lacak/{code}/?kunci=" in html_of(resolved)


def test_a_supporter_hears_every_public_step_without_what_is_meant_for_the_reporter(
    city: City, smtp: SMTPServer
) -> None:
    c = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
    support.support_complaint(c, by=city.citizen, follow=True)
    c = actions.accept_complaint(c, by=city.officer_a)
    c = actions.post_update(c, by=city.officer_a, message="Tim survei datang hari Selasa.")
    c = actions.request_info(c, by=city.officer_a, question="Di rumah nomor berapa Ibu tinggal?")
    with transaction.atomic():
        # The reminder job's message: for the reporter only.
        notify_followers(c, "info_reminder")
    c = actions.provide_info(c, by=actions.VIA_SECRET_LINK, answer="Nomor 12.")
    c = actions.resolve_complaint(c, by=city.officer_a, message="Lubang sudah ditambal aspal.")
    c = actions.approve_resolution(c, by=city.verifier)
    c = actions.reopen_on_dispute(c, by=city.verifier, reason="Masih berlubang.", channel="phone")
    c = actions.resolve_complaint(c, by=city.officer_a, message="Sudah diaspal ulang.")
    c = actions.approve_resolution(c, by=city.verifier)
    c = actions.confirm_resolution(c, by=actions.VIA_SECRET_LINK, rating=5)
    run_worker()

    code = c.tracking_code
    mail = smtp.to(city.citizen.citizen_email)
    assert [str(m["Subject"]) for m in mail] == [
        f"Aduan {code} sedang ditindaklanjuti",
        f"Kabar terbaru aduan {code}",
        f"Aduan {code}: petugas meminta informasi dari pelapor",
        f"Aduan {code} telah diselesaikan",
        f"Aduan {code} dibuka kembali",
        f"Aduan {code} telah diselesaikan",
        f"Aduan {code} telah ditutup",
    ]
    for message in mail:
        _powerless(message, code)
        assert "/berhenti/" in text_of(message)  # they can still stop the news
    _accepted, update, asked, _resolved, reopened, _again, closed = mail
    assert "Tim survei datang hari Selasa." in text_of(update)
    assert "Di rumah nomor berapa" not in text_of(asked) + html_of(asked)
    assert "meminta informasi tambahan dari pelapor" in text_of(asked)
    assert "Sanggahan Anda" not in text_of(reopened)
    assert "Pelapor menyanggah penyelesaian" in text_of(reopened)
    assert "Terima kasih atas konfirmasi Anda" not in text_of(closed)
    assert "Pelapor mengonfirmasi" in text_of(closed)

    # The reporter's own messages still speak to them and carry their links.
    reporter = {str(m["Subject"]): m for m in smtp.to(REPORTER)}
    assert "Di rumah nomor berapa Ibu tinggal?" in text_of(
        reporter[f"Aduan {code}: petugas memerlukan informasi dari Anda"]
    )
    assert f"Pengingat: kami menunggu jawaban Anda untuk aduan {code}" in reporter
    assert "Sanggahan Anda sudah kami catat" in text_of(reporter[f"Aduan {code} dibuka kembali"])
    assert "Terima kasih atas konfirmasi Anda" in text_of(reporter[f"Aduan {code} telah ditutup"])
    for message in reporter.values():
        assert f"/lacak/{code}/?kunci=" in text_of(message)


def test_a_supporter_following_by_whatsapp_gets_the_public_link_only(
    city: City, gateway: Gateway
) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    support.support_complaint(
        c,
        by=None,
        browser_key="w" * 32,
        follow=True,
        contact=support.Contact(phone="085700001111", phone_channel="whatsapp"),
    )
    c = actions.resolve_complaint(c, by=city.officer_a, message="Sudah ditambal.")
    actions.approve_resolution(c, by=city.verifier)
    run_worker()

    sent = [str(r["payload"]) for r in gateway.requests if "085700001111" in str(r["payload"])]
    assert len(sent) == 1
    assert f"{settings.ADUAN_BASE_URL}/lacak/{c.tracking_code}/" in sent[0]
    assert "kunci" not in sent[0] and "/konfirmasi/" not in sent[0]
    reporter = [str(r["payload"]) for r in gateway.requests if "081234567890" in str(r["payload"])]
    assert f"/lacak/{c.tracking_code}/konfirmasi/?kunci=" in reporter[-1]


def test_a_merged_complaints_reporter_gets_plain_news_of_the_survivor(
    city: City, smtp: SMTPServer
) -> None:
    survivor = complaint_in(city, Status.IN_PROGRESS)
    other = submit(city, reporter=actions.ReporterDetails(name="Budi", email="budi@example.test"))
    actions.merge_complaint(other, by=city.verifier, into=survivor)
    run_worker()
    smtp.messages.clear()

    survivor = actions.resolve_complaint(survivor, by=city.officer_a, message="Sudah ditambal.")
    survivor = actions.approve_resolution(survivor, by=city.verifier)
    run_worker()

    (news,) = smtp.to("budi@example.test")
    assert str(news["Subject"]) == f"Aduan {survivor.tracking_code} telah diselesaikan"
    _powerless(news, survivor.tracking_code)
    assert "/konfirmasi/?kunci=" in text_of(smtp.to(REPORTER)[-1])


def test_a_merge_into_a_rahasia_complaint_does_not_name_it_to_the_other_reporter(
    city: City, smtp: SMTPServer
) -> None:
    secret = submit(city, is_confidential=True)
    other = submit(city, reporter=actions.ReporterDetails(name="Budi", email="budi@example.test"))
    merged = actions.merge_complaint(other, by=city.verifier, into=secret)
    secret = actions.verify_complaint(secret, by=city.verifier, target=city.agency_a)
    run_worker()

    _received, told = smtp.to("budi@example.test")
    assert str(told["Subject"]) == f"Aduan {merged.tracking_code} digabungkan dengan aduan lain"
    assert secret.tracking_code not in text_of(told) + html_of(told)
    assert f"/lacak/{merged.tracking_code}/?kunci=" in text_of(told)  # their own complaint
    assert f"Aduan {secret.tracking_code} diteruskan ke Dinas PUPR" in [
        str(m["Subject"]) for m in smtp.to(REPORTER)
    ]


def test_the_reporters_own_account_following_gets_the_reporters_links(
    city: City, smtp: SMTPServer
) -> None:
    # Reported by phone only, then followed from the same person's account (with its email).
    c = complaint_in(
        city,
        Status.IN_PROGRESS,
        reporter=actions.ReporterDetails(phone="081234567890", user=city.citizen),
    )
    support.support_complaint(c, by=city.citizen, follow=True)
    c = actions.resolve_complaint(c, by=city.officer_a, message="Sudah ditambal.")
    actions.approve_resolution(c, by=city.verifier)
    run_worker()

    (resolved,) = smtp.to(city.citizen.citizen_email)
    assert f"/lacak/{c.tracking_code}/konfirmasi/?kunci=" in text_of(resolved)


def test_a_complaint_made_rahasia_stops_all_news_to_its_supporters(
    city: City, smtp: SMTPServer
) -> None:
    c = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
    support.support_complaint(c, by=city.citizen, follow=True)
    # Queued for everyone while the complaint was public; made rahasia before the worker ran.
    c = actions.accept_complaint(c, by=city.officer_a)
    c = actions.return_not_authority(c, by=city.officer_a, reason="Jalan provinsi.")
    c = actions.verify_complaint(c, by=city.verifier, target=city.agency_b, is_confidential=True)
    run_worker()
    c = actions.accept_complaint(c, by=city.officer_b)
    run_worker()

    assert smtp.to(city.citizen.citizen_email) == []
    assert [str(m["Subject"]) for m in smtp.to(REPORTER)][-3:] == [
        f"Aduan {c.tracking_code} sedang ditindaklanjuti",
        f"Aduan {c.tracking_code} diteruskan ke DLH",
        f"Aduan {c.tracking_code} sedang ditindaklanjuti",
    ]
    supporter = Follower.objects.get(complaint=c, user=city.citizen)
    assert not Outbox.objects.filter(context__follower_id=supporter.pk).exclude(
        status=Outbox.Status.SKIPPED
    )


def test_a_supporter_no_longer_sees_a_complaint_made_rahasia_in_settings(
    city: City, published_as_sent: None
) -> None:
    # Published as sent (ADUAN_PUBLISH_ON=submit), so it can be supported before the desk looks.
    c = submit(city, title="Sampah menumpuk di pasar lama")
    support.support_complaint(c, by=city.citizen, follow=True)
    client = Client()
    client.force_login(city.citizen)
    assert c.title in client.get("/akun/pengaturan/").content.decode()

    actions.verify_complaint(c, by=city.verifier, target=city.agency_a, is_confidential=True)

    for page in ("/akun/pengaturan/", "/akun/aduan-saya/"):
        html = client.get(page).content.decode()
        assert c.title not in html and c.tracking_code not in html
    # Saving the settings leaves the hidden follow as it was.
    client.post("/akun/pengaturan/", {"language": "id"})
    assert Follower.objects.get(complaint=c, user=city.citizen).notify


def test_the_reporter_still_sees_their_rahasia_complaint_in_settings(city: City) -> None:
    mine = submit(
        city,
        title="Pungutan liar di kantor kelurahan",
        is_confidential=True,
        reporter=actions.ReporterDetails(email="warga@example.test", user=city.citizen),
    )
    client = Client()
    client.force_login(city.citizen)

    page = client.get("/akun/pengaturan/").content.decode()

    assert mine.title in page and mine.tracking_code in page


def test_a_message_queued_for_a_supporter_before_this_rule_is_rendered_without_powers(
    city: City, smtp: SMTPServer
) -> None:
    c = complaint_in(city, Status.RESOLVED)
    support.support_complaint(c, by=city.citizen, follow=True)
    supporter = Follower.objects.get(complaint=c, user=city.citizen)
    with transaction.atomic():
        # A row written the way every follower's row used to be written, reporter or not.
        Outbox.objects.create(
            channel="email",
            template="complaint_resolved",
            recipient=city.citizen.citizen_email,
            complaint=c,
            context={"follower_id": supporter.pk, "message": "Sudah ditambal."},
            idempotency_key="lama-1",
        )
        Outbox.objects.create(
            channel="email",
            template="info_reminder",
            recipient=city.citizen.citizen_email,
            complaint=c,
            context={"follower_id": supporter.pk},
            idempotency_key="lama-2",
        )
    run_worker()

    (news,) = smtp.to(city.citizen.citizen_email)
    _powerless(news, c.tracking_code)
    assert Outbox.objects.get(idempotency_key="lama-2").status == Outbox.Status.SKIPPED
    assert Complaint.objects.get(pk=c.pk).status == Status.RESOLVED
