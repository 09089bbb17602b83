"""What people see: the unsubscribe page, staff in-app notifications, and failed messages in admin."""

from __future__ import annotations

from django.test import Client

from aduan.complaints.models import Follower
from aduan.lib.signing import unsubscribe_token
from aduan.notifications.models import Notification, Outbox
from aduan.notifications.tests.conftest import run_worker
from aduan.testing import City, staff_login, submit


def test_get_asks_and_only_post_unsubscribes(city: City, client: Client) -> None:
    c = submit(city)
    follower = Follower.objects.get(complaint=c)
    url = f"/berhenti/{unsubscribe_token(follower.pk)}/"
    page = client.get(url)
    assert page.status_code == 200
    assert f"Berhenti menerima kabar aduan {c.tracking_code}?" in page.content.decode()
    follower.refresh_from_db()
    assert follower.notify, "a mail scanner following the link must not unsubscribe"
    done = client.post(url)
    assert "Anda tidak akan menerima kabar lagi" in done.content.decode()
    follower.refresh_from_db()
    assert not follower.notify
    again = client.post(url)
    assert again.status_code == 200


def test_a_forged_unsubscribe_link_is_refused(city: City, client: Client) -> None:
    submit(city)
    page = client.get("/berhenti/MQ:palsu:palsu/")
    assert page.status_code == 404
    assert "Tautan tidak berlaku" in page.content.decode()
    assert Follower.objects.filter(notify=True).count() == 1


def test_staff_see_their_notifications_count_and_mark_them_read(
    city: City, client: Client, notify_file: object
) -> None:
    c = submit(city)
    run_worker()
    staff_login(client, city.verifier)
    assert client.get("/staf/pemberitahuan/jumlah/").json() == {"unread": 1}
    page = client.get("/staf/pemberitahuan/").content.decode()
    assert f"Aduan baru {c.tracking_code}" in page and "1 belum dibaca" in page
    note = Notification.objects.get(user=city.verifier)
    opened = client.post(f"/staf/pemberitahuan/{note.pk}/dibaca/", {"buka": "1"})
    assert opened.status_code == 302 and opened["Location"] == f"/staf/aduan/{c.tracking_code}/"
    assert client.get("/staf/pemberitahuan/jumlah/").json() == {"unread": 0}


def test_a_notification_is_created_once_even_if_its_row_is_delivered_twice(
    city: City, notify_file: object
) -> None:
    submit(city)
    run_worker()
    row = Outbox.objects.get(channel="inapp")
    Outbox.objects.filter(pk=row.pk).update(status="pending")
    run_worker()
    assert Notification.objects.filter(user=city.verifier).count() == 1


def test_nobody_reads_anyone_elses_notifications(
    city: City, client: Client, notify_file: object
) -> None:
    submit(city)
    run_worker()
    note = Notification.objects.get(user=city.verifier)
    staff_login(client, city.officer_b)
    client.post(f"/staf/pemberitahuan/{note.pk}/dibaca/")
    note.refresh_from_db()
    assert note.read_at is None
    assert "Aduan baru" not in client.get("/staf/pemberitahuan/").content.decode()


def test_failed_messages_are_listed_in_admin_and_can_be_sent_again(
    city: City, client: Client, settings: object, notify_file: object
) -> None:
    from aduan.complaints import actions

    submit(city, reporter=actions.ReporterDetails(name="Siti", email="bukan-email"))
    settings.ADUAN_EMAIL_CHANNEL = "smtp"  # type: ignore[attr-defined]
    run_worker()
    failed = Outbox.objects.get(status="failed", template="complaint_received")
    city.administrator.is_superuser = True
    city.administrator.save()
    staff_login(client, city.administrator)
    listing = client.get("/admin/notifications/outbox/?status__exact=failed").content.decode()
    assert "alamat email tidak valid" in listing
    client.post(
        "/admin/notifications/outbox/",
        {"action": "send_again_action", "_selected_action": [failed.pk]},
    )
    failed.refresh_from_db()
    assert failed.status == "pending" and failed.attempts == 0
