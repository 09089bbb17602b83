"""The staff complaint page opens identity through reveal(); an undecryptable value is an error message."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.urls import reverse

from aduan.privacy.models import IdentityAccess
from aduan.testing import City, staff_login, submit


def test_the_desk_opens_the_identity_and_the_dpo_sees_it_logged(client: Client, city: City) -> None:
    complaint = submit(city)
    staff_login(client, city.verifier)

    page = client.post(
        reverse("staff:identity", args=[complaint.tracking_code]), {"reason": "Konfirmasi lokasi"}
    )

    assert page.status_code == 200
    assert "Siti Aminah" in page.content.decode()
    access = IdentityAccess.objects.get()
    assert (access.user, access.reason) == (city.verifier, "Konfirmasi lokasi")


def test_a_tampered_identity_shows_an_error_never_garbage(client: Client, city: City) -> None:
    complaint = submit(city)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE complaints_reporter SET name = email WHERE id = %s", [complaint.reporter_id]
        )
        cursor.execute(
            "SELECT name FROM complaints_reporter WHERE id = %s", [complaint.reporter_id]
        )
        ciphertext = cursor.fetchone()[0]
    staff_login(client, city.verifier)

    page = client.post(
        reverse("staff:identity", args=[complaint.tracking_code]), {"reason": "Konfirmasi lokasi"}
    )

    html = page.content.decode()
    assert page.status_code == 500
    assert "Identitas pelapor tidak dapat dibuka" in html
    assert ciphertext.split(":")[2][:20] not in html
    assert "siti@example.test" not in html
    assert not IdentityAccess.objects.exists()
