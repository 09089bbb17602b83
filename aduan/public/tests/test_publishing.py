"""Nothing a citizen sent is public until a person at the desk or the agency has looked at it, and
rejected complaints never are (DESIGN §4 "Publishing"): one test per public surface."""

from __future__ import annotations

import csv
import importlib
import io
import json
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client

from aduan.audit.models import AuditEntry
from aduan.complaints import actions, similar
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.lib.signing import reporter_token
from aduan.testing import City, complaint_in, photo, submit

pytestmark = pytest.mark.django_db

TITLE = "Jalan berlubang di depan SDN 3"
SEEN_TITLE = "Lampu jalan padam di Gang Kelinci"
LAT, LON = Decimal("-6.178300"), Decimal("106.631900")


def _text(response: Any) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return str(response.content.decode())


def _unseen(city: City, **values: Any) -> Complaint:
    """A report as sent: nobody at the desk or the agency has opened it yet."""
    return submit(city, title=TITLE, latitude=LAT, longitude=LON, **values)


def _seen(city: City, **values: Any) -> Complaint:
    """A report the desk verified and routed to agency A."""
    c = submit(city, title=SEEN_TITLE, latitude=LAT, longitude=LON, **values)
    return actions.verify_complaint(c, by=city.verifier, target=city.agency_a)


def _rejected(city: City) -> Complaint:
    c = submit(city, title="Beli obat murah di sini", description="Hubungi 0812 sekarang juga.")
    return actions.reject_complaint(c, by=city.verifier, reason="spam")


# ---------------------------------------------------------------------------------------------
# Each public surface


def test_the_home_page_lists_a_report_only_after_the_desk_verified_it(city: City) -> None:
    unseen = _unseen(city)
    assert TITLE not in _text(Client().get("/"))
    actions.verify_complaint(unseen, by=city.verifier, target=city.agency_a)
    assert TITLE in _text(Client().get("/"))


def test_the_archive_lists_neither_an_unseen_nor_a_rejected_report(city: City) -> None:
    _unseen(city)
    _rejected(city)
    _seen(city)
    html = _text(Client().get("/arsip/"))
    assert SEEN_TITLE in html
    assert TITLE not in html
    assert "Beli obat murah" not in html


def test_archive_search_finds_neither_an_unseen_nor_a_rejected_report(city: City) -> None:
    _unseen(city)
    _rejected(city)
    _seen(city)
    assert SEEN_TITLE in _text(Client().get("/arsip/", {"q": "lampu"}))
    assert TITLE not in _text(Client().get("/arsip/", {"q": "berlubang"}))
    assert "Beli obat murah" not in _text(Client().get("/arsip/", {"q": "obat murah"}))


def test_open_data_csv_leaves_out_unseen_and_rejected_reports(city: City) -> None:
    unseen, rejected, seen = _unseen(city), _rejected(city), _seen(city)
    rows = list(csv.DictReader(io.StringIO(_text(Client().get("/data/aduan.csv")))))
    codes = {row["kode_lacak"] for row in rows}
    assert codes == {seen.tracking_code}
    assert unseen.tracking_code not in codes and rejected.tracking_code not in codes


def test_open_data_json_leaves_out_unseen_and_rejected_reports(city: City) -> None:
    _unseen(city)
    _rejected(city)
    seen = _seen(city)
    data = json.loads(_text(Client().get("/data/aduan.json")))
    assert [row["kode_lacak"] for row in data["data"]] == [seen.tracking_code]


def test_similar_report_suggestions_leave_out_an_unseen_report(city: City) -> None:
    unseen = _unseen(city)
    assert similar.find(category=city.road, latitude=LAT, longitude=LON) == []
    assert similar.find(category=city.road, area=city.kelurahan) == []
    actions.verify_complaint(unseen, by=city.verifier, target=city.agency_a)
    assert similar.find(category=city.road, latitude=LAT, longitude=LON) == [unseen]


def test_photos_of_an_unseen_report_are_served_to_its_reporter_only(city: City) -> None:
    unseen = _unseen(city, photos=[photo()])
    item = unseen.attachments.get()
    stranger = Client()
    assert stranger.get(f"/lampiran/{item.pk}/").status_code == 404
    assert stranger.get(f"/lampiran/{item.pk}/kecil/").status_code == 404
    reporter = Client()
    reporter.get(f"/lacak/{unseen.tracking_code}/?kunci={reporter_token(unseen.tracking_code)}")
    assert reporter.get(f"/lampiran/{item.pk}/").status_code == 200
    actions.verify_complaint(unseen, by=city.verifier, target=city.agency_a)
    assert stranger.get(f"/lampiran/{item.pk}/").status_code == 200


def test_photos_of_a_rejected_report_are_not_served(city: City) -> None:
    c = submit(city, photos=[photo()])
    actions.verify_complaint(c, by=city.verifier, target=city.agency_a)
    actions.return_not_authority(c, by=city.officer_a, reason="Jalan provinsi.")
    actions.reject_complaint(c, by=city.verifier, reason="out_of_scope")
    assert Client().get(f"/lampiran/{c.attachments.get().pk}/").status_code == 404


def test_the_tracking_page_of_a_rejected_report_shows_its_content_only_to_its_reporter(
    city: City,
) -> None:
    rejected = _rejected(city)
    url = f"/lacak/{rejected.tracking_code}/"
    stranger = _text(Client().get(url))
    assert "Ditolak" in stranger  # the status, for whoever holds the code
    assert "Beli obat murah" not in stranger and "Hubungi 0812" not in stranger
    reporter = Client()
    reporter.get(f"{url}?kunci={reporter_token(rejected.tracking_code)}")
    own = _text(reporter.get(url))
    assert "Beli obat murah" in own and "Hubungi 0812" in own
    assert "Aduan yang ditolak tidak ditampilkan untuk umum" in own


def test_the_tracking_page_of_an_unseen_report_shows_others_its_status_only(city: City) -> None:
    unseen = _unseen(city, photos=[photo()])
    url = f"/lacak/{unseen.tracking_code}/"
    stranger = _text(Client().get(url))
    assert "Belum Terverifikasi" in stranger
    assert TITLE not in stranger and "Lubang sedalam 20 cm" not in stranger
    assert "/lampiran/" not in stranger
    assert "Isi aduan ini tidak ditampilkan untuk umum" in stranger
    reporter = Client()
    reporter.get(f"{url}?kunci={reporter_token(unseen.tracking_code)}")
    own = _text(reporter.get(url))
    assert TITLE in own and "/lampiran/" in own
    assert "Aduan Anda belum tampil untuk umum" in own


def test_the_sent_page_of_a_rahasia_report_is_a_404_in_any_other_session(city: City) -> None:
    secret = submit(city, category=city.bribe, title="Pungli di loket kelurahan")
    response = Client().get(f"/aduan/terkirim/{secret.tracking_code}/")
    assert response.status_code == 404
    assert "Pungli" not in _text(response)


# ---------------------------------------------------------------------------------------------
# Who publishes, and the record of it


def test_an_auto_routed_report_is_published_when_the_agency_accepts_it(city: City) -> None:
    c = submit(city, category=city.tree, title="Pohon tumbang di Jl. Sudirman")
    assert c.status == Status.ROUTED and c.published_at is None
    assert "Pohon tumbang" not in _text(Client().get("/arsip/"))
    actions.accept_complaint(c, by=city.officer_b)
    c.refresh_from_db()
    assert c.published_at is not None
    assert "Pohon tumbang" in _text(Client().get("/arsip/"))


def test_the_desk_re_routing_an_auto_routed_report_publishes_it(city: City) -> None:
    c = submit(city, category=city.tree, title="Pohon tumbang di Jl. Sudirman")
    actions.route_complaint(c, by=city.verifier, target=city.agency_a, reason="Jalan kota.")
    assert Complaint.objects.public().filter(pk=c.pk).exists()


def test_publishing_is_on_the_internal_timeline_and_in_the_audit(city: City) -> None:
    c = _seen(city)
    entry = c.timeline.get(kind="published")
    assert not entry.is_public and entry.author == city.verifier
    audit = AuditEntry.objects.get(action="complaint.verify", object_id=str(c.pk))
    assert audit.after["published_at"] == c.published_at.isoformat()  # type: ignore[union-attr]


def test_a_rahasia_report_is_never_published_even_when_verified_and_accepted(
    city: City,
) -> None:
    c = complaint_in(city, Status.IN_PROGRESS, is_confidential=True)
    assert c.published_at is None
    assert not c.timeline.filter(kind="published").exists()
    assert not Complaint.objects.published().filter(pk=c.pk).exists()


def test_a_deployment_may_publish_reports_as_they_are_sent(city: City, settings: Any) -> None:
    settings.ADUAN_PUBLISH_ON = "submit"
    c = _unseen(city)
    assert c.published_at is not None
    assert TITLE in _text(Client().get("/arsip/"))
    secret = submit(city, is_confidential=True, title="Rahasia sekali")
    assert secret.published_at is None
    rejected = _rejected(city)
    assert not Complaint.objects.public().filter(pk=rejected.pk).exists()


def test_the_upgrade_publishes_only_what_a_person_had_looked_at(city: City) -> None:
    seen, unseen = _seen(city), _unseen(city)
    auto = submit(city, category=city.tree, title="Pohon tumbang")
    accepted = submit(city, category=city.tree, title="Pohon tumbang lagi")
    actions.accept_complaint(accepted, by=city.officer_b)
    Complaint.objects.update(published_at=None)  # as before this change
    migration = importlib.import_module("aduan.complaints.migrations.0008_publishing")
    migration.publish_what_a_person_has_looked_at(django_apps, None)
    published = set(Complaint.objects.exclude(published_at=None).values_list("pk", flat=True))
    assert published == {seen.pk, accepted.pk}
    assert unseen.pk not in published and auto.pk not in published


def test_an_unseen_report_cannot_be_supported_yet(city: City) -> None:
    unseen = _unseen(city)
    response = Client().post(f"/dukung/{unseen.tracking_code}/")
    assert response.status_code == 404
    unseen.refresh_from_db()
    assert unseen.support_count == 0
