"""The queue pages: who sees which queue, what is in each, filters, search, counts and paging."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from aduan.complaints import actions, queues
from aduan.complaints.states import Status
from aduan.testing import City, complaint_in, staff_login, submit


def _page(client: Client, user: object, slug: str, **params: str) -> str:
    staff_login(client, user)  # type: ignore[arg-type]
    response = client.get(reverse("staff:queue", args=[slug]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_desk_sees_a_new_complaint_in_its_new_queue(client: Client, city: City) -> None:
    c = submit(city)
    html = _page(client, city.verifier, "baru")
    assert c.tracking_code in html
    assert "Aduan baru" in html


def test_the_console_home_opens_the_first_queue_of_the_role(client: Client, city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    staff_login(client, city.officer_a)
    html = client.get(reverse("staff:home")).content.decode()
    assert "Disposisi masuk" in html
    assert c.tracking_code in html
    assert "Aduan baru" not in html, "officers have no desk queues"


def test_an_answered_question_moves_to_the_information_queue(client: Client, city: City) -> None:
    c = complaint_in(city, Status.NEEDS_INFO)
    actions.provide_info(c, by=actions.VIA_SECRET_LINK, answer="Di sisi utara.")
    assert c.tracking_code in _page(client, city.verifier, "informasi")
    assert c.tracking_code not in _page(client, city.verifier, "baru")


def test_a_returned_complaint_waits_in_the_returned_queue(client: Client, city: City) -> None:
    c = complaint_in(city, Status.ROUTED)
    actions.return_not_authority(c, by=city.officer_a, reason="Jalan provinsi.")
    assert c.tracking_code in _page(client, city.verifier, "dikembalikan")
    assert c.tracking_code not in _page(client, city.verifier, "baru")


def test_resolutions_wait_for_review_for_the_desk_and_the_supervisor(
    client: Client, city: City
) -> None:
    c = complaint_in(city, Status.UNDER_REVIEW)
    assert c.tracking_code in _page(client, city.verifier, "pemeriksaan")
    assert c.tracking_code in _page(Client(), city.supervisor_a, "pemeriksaan")


def test_agency_queues_hold_only_the_agencys_own_complaints(client: Client, city: City) -> None:
    mine = complaint_in(city, Status.IN_PROGRESS)
    theirs = complaint_in(city, Status.IN_PROGRESS)
    actions.route_complaint(theirs, by=city.verifier, target=city.agency_b, reason="DLH")
    html = _page(client, city.officer_a, "proses")
    assert mine.tracking_code in html
    assert theirs.tracking_code not in html


def test_an_overdue_complaint_is_marked_in_words_not_only_colour(
    client: Client, city: City, time_machine: object
) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    assert c.due_at is not None
    time_machine.move_to(c.due_at + __import__("datetime").timedelta(days=3))  # type: ignore[attr-defined]
    html = _page(client, city.officer_a, "terlambat")
    assert c.tracking_code in html
    assert "Terlambat" in html


def test_each_overdue_list_holds_the_steps_its_reader_must_finish(
    client: Client, city: City
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from aduan.complaints.models import Complaint

    late = {
        status: complaint_in(city, status)
        for status in (Status.ROUTED, Status.IN_PROGRESS, Status.UNDER_REVIEW, Status.RESOLVED)
    }
    Complaint.objects.filter(pk__in=[c.pk for c in late.values()]).update(
        due_at=timezone.now() - timedelta(days=2)
    )
    officer = _page(client, city.officer_a, "terlambat")
    head = _page(Client(), city.supervisor_a, "terlambat")
    for status in (Status.ROUTED, Status.IN_PROGRESS):
        assert late[status].tracking_code in officer and late[status].tracking_code in head
    assert late[Status.UNDER_REVIEW].tracking_code not in officer, "the review is not theirs"
    assert late[Status.UNDER_REVIEW].tracking_code in head, "the head reviews resolutions"
    assert late[Status.RESOLVED].tracking_code not in head, "waiting for the citizen"


def test_a_coordination_request_reaches_the_other_agency(client: Client, city: City) -> None:
    c = complaint_in(city, Status.IN_PROGRESS)
    actions.request_coordination(c, by=city.officer_a, agency=city.agency_b, message="Sampah.")
    assert c.tracking_code in _page(client, city.officer_b, "koordinasi")


def test_a_disputed_resolution_appears_in_the_disputes_queue(client: Client, city: City) -> None:
    c = complaint_in(city, Status.RESOLVED)
    actions.dispute_resolution(c, by=actions.VIA_SECRET_LINK, reason="Masih berlubang.")
    assert c.tracking_code in _page(client, city.officer_a, "sanggahan")
    other = complaint_in(city, Status.IN_PROGRESS)
    assert other.tracking_code not in _page(Client(), city.officer_a, "sanggahan")


def test_filters_narrow_the_queue(client: Client, city: City) -> None:
    road = submit(city)
    rubbish = submit(city, category=city.rubbish, title="Sampah menumpuk di pasar")
    html = _page(client, city.verifier, "baru", category=str(city.rubbish.pk))
    assert rubbish.tracking_code in html and road.tracking_code not in html
    html = _page(client, city.verifier, "baru", area=city.kelurahan_2.code)
    assert rubbish.tracking_code not in html
    html = _page(client, city.verifier, "semua", area=city.kecamatan.code, status="submitted")
    assert rubbish.tracking_code in html and road.tracking_code in html


def test_the_agency_filter_behind_a_dashboard_number_keeps_only_that_agency(
    client: Client, city: City
) -> None:
    of_a = actions.verify_complaint(submit(city), by=city.verifier, target=city.unit_a)
    of_b = actions.verify_complaint(
        submit(city, category=city.rubbish, title="Sampah menumpuk di pasar"),
        by=city.verifier,
        target=city.agency_b,
    )
    html = _page(client, city.verifier, "semua", agency=str(city.agency_a.pk))
    assert of_a.tracking_code in html and of_b.tracking_code not in html
    html = _page(client, city.verifier, "semua", agency=str(city.agency_b.pk))
    assert of_b.tracking_code in html and of_a.tracking_code not in html


def test_search_finds_by_words_and_by_tracking_code(client: Client, city: City) -> None:
    road = submit(city)
    rubbish = submit(city, category=city.rubbish, title="Sampah menumpuk di pasar")
    html = _page(client, city.verifier, "semua", q="sampah")
    assert rubbish.tracking_code in html and road.tracking_code not in html
    html = _page(client, city.verifier, "semua", q=road.tracking_code.lower())
    assert road.tracking_code in html and rubbish.tracking_code not in html


def test_a_bad_filter_value_shows_a_message_not_an_error(client: Client, city: City) -> None:
    html = _page(client, city.verifier, "baru", date_from="kemarin")
    assert "Periksa isian penyaring" in html


def test_counts_stop_at_the_limit(client: Client, city: City, monkeypatch: object) -> None:
    monkeypatch.setattr(queues, "COUNT_LIMIT", 2)  # type: ignore[attr-defined]
    for _ in range(4):
        submit(city)
    assert queues.bounded_count(queues.queue_queryset(city.verifier, queues.QUEUES["baru"])) == 3


def test_pages_hold_a_page_size_and_link_to_the_next(client: Client, city: City) -> None:
    from aduan.staff.queue_views import PAGE_SIZE

    for _ in range(PAGE_SIZE + 1):
        submit(city)
    html = _page(client, city.verifier, "baru")
    assert html.count('class="code"') == PAGE_SIZE
    assert "halaman=2" in html
    assert _page(client, city.verifier, "baru", halaman="2").count('class="code"') == 1


def test_an_unknown_queue_is_not_found(client: Client, city: City) -> None:
    staff_login(client, city.officer_a)
    assert client.get(reverse("staff:queue", args=["baru"])).status_code == 404
    assert client.get(reverse("staff:queue", args=["tidak-ada"])).status_code == 404


@pytest.mark.parametrize("slug", list(queues.QUEUES))
def test_every_queue_renders_for_leadership(client: Client, city: City, slug: str) -> None:
    staff_login(client, city.leadership)
    response = client.get(reverse("staff:queue", args=[slug]))
    assert response.status_code in (200, 404)


def test_the_overdue_filter_lists_the_most_overdue_first(client: Client, city: City) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from aduan.complaints.models import Complaint

    now = timezone.now()
    week_late, day_late, on_time = submit(city), submit(city), submit(city)
    for c, due in [(week_late, -7), (day_late, -1), (on_time, 2)]:
        Complaint.objects.filter(pk=c.pk).update(due_at=now + timedelta(days=due))
    html = _page(client, city.verifier, "semua", overdue="on")
    assert "batas waktu paling dekat atau paling lama terlewat di atas" in html
    assert html.index(week_late.tracking_code) < html.index(day_late.tracking_code)
    assert on_time.tracking_code not in html
    assert "(2)" in html
    newest_first = _page(client, city.verifier, "semua")
    assert "Urutan: aduan terbaru di atas." in newest_first
    assert newest_first.index(on_time.tracking_code) < newest_first.index(week_late.tracking_code)
