"""The delivery page (/staf/pengiriman/): the desk and administrators see the messages that could
not be delivered, with the reason, and send them again; nobody else sees it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aduan.notifications.models import Outbox
from aduan.notifications.tests.conftest import Gateway, SMTPServer, run_worker
from aduan.testing import City, staff_login, submit

Status = Outbox.Status


@pytest.fixture
def failed_message(city: City, gateway: Gateway, smtp: SMTPServer) -> Outbox:
    gateway.mode = "error"
    c = submit(city)
    Outbox.objects.filter(channel="whatsapp").update(attempts=29)  # the last try is now
    run_worker()
    row = Outbox.objects.get(channel="whatsapp", complaint=c)
    assert row.status == Status.FAILED
    return row


@pytest.mark.parametrize("who", ["verifier", "administrator"])
def test_the_desk_and_administrators_see_failed_messages_and_why(
    city: City, failed_message: Outbox, who: str
) -> None:
    client = Client()
    staff_login(client, city.personas[who])
    page = client.get(reverse("staff:deliveries"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 pesan gagal" in html
    assert failed_message.complaint is not None
    assert failed_message.complaint.tracking_code in html
    assert "gateway menjawab 500" in html
    assert "081234567890" not in html, "the recipient's number is personal data"
    home = client.get(reverse("staff:home")).content.decode()
    assert reverse("staff:deliveries") in home, "the menu links to it"


@pytest.mark.parametrize("who", ["officer_a", "supervisor_a", "dpo"])
def test_other_staff_cannot_see_the_delivery_page(
    city: City, failed_message: Outbox, who: str
) -> None:
    client = Client()
    staff_login(client, city.personas[who])
    assert client.get(reverse("staff:deliveries")).status_code == 403
    answer = client.post(reverse("staff:deliveries_send_again"), {"semua": "1"})
    assert answer.status_code == 403
    failed_message.refresh_from_db()
    assert failed_message.status == Status.FAILED
    assert reverse("staff:deliveries") not in client.get(reverse("staff:home")).content.decode()


def test_send_again_from_the_console_delivers_once_the_gateway_is_back(
    city: City, failed_message: Outbox, gateway: Gateway
) -> None:
    client = Client()
    staff_login(client, city.verifier)
    answer = client.post(
        reverse("staff:deliveries_send_again"), {"pesan": [str(failed_message.pk)]}, follow=True
    )
    assert "1 pesan dijadwalkan untuk dikirim ulang." in answer.content.decode()
    failed_message.refresh_from_db()
    assert failed_message.status == Status.PENDING and failed_message.attempts == 0
    gateway.mode = "ok"
    run_worker()
    failed_message.refresh_from_db()
    assert failed_message.status == Status.SENT
    assert "Tidak ada pesan gagal." in client.get(reverse("staff:deliveries")).content.decode()


def test_send_again_with_nothing_chosen_says_so_and_changes_nothing(
    city: City, failed_message: Outbox
) -> None:
    client = Client()
    staff_login(client, city.administrator)
    answer = client.post(reverse("staff:deliveries_send_again"), {"pesan": ["x"]}, follow=True)
    assert "Pilih pesan yang akan dikirim ulang." in answer.content.decode()
    failed_message.refresh_from_db()
    assert failed_message.status == Status.FAILED
