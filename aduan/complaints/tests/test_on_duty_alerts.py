"""The on-duty roster at work: an urgent complaint reaching an agency (or the desk) on a night, a
weekend or a holiday also goes to the officer on duty; in office hours, or when not urgent, it does
not (DESIGN §5)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import time_machine

from aduan.accounts.models import User
from aduan.agencies.models import Agency, DutyShift
from aduan.complaints import actions
from aduan.complaints.models import Complaint, TimelineEntry
from aduan.complaints.states import Status
from aduan.lib.officehours import parse_office_hours
from aduan.notifications.models import Outbox
from aduan.notifications.render import render
from aduan.testing import City, submit

JKT = ZoneInfo("Asia/Jakarta")
SUNDAY = datetime(2026, 11, 22, 10, 0, tzinfo=JKT)
TUESDAY_MORNING = datetime(2026, 11, 24, 10, 0, tzinfo=JKT)
TUESDAY_NIGHT = datetime(2026, 11, 24, 21, 0, tzinfo=JKT)
CHRISTMAS = datetime(2026, 12, 25, 10, 0, tzinfo=JKT)  # a Friday, a national holiday


def shift(user: User, agency: Agency, around: datetime, phone: str = "") -> DutyShift:
    return DutyShift.objects.create(
        user=user,
        agency=agency,
        starts_at=around - timedelta(hours=6),
        ends_at=around + timedelta(hours=6),
        phone_note=phone,
    )


def on_duty_alerts() -> list[str]:
    rows = Outbox.objects.filter(template="staff_on_duty", channel="inapp").order_by("id")
    return [row.recipient_user.username for row in rows]  # type: ignore[union-attr]


def email_to(username: str) -> Any:
    row = Outbox.objects.get(
        template="staff_on_duty", channel="email", recipient_user__username=username
    )
    return render(row)


def duty_notes(c: Complaint) -> list[TimelineEntry]:
    return list(c.timeline.filter(kind=TimelineEntry.Kind.NOTE, message__contains="piket"))


def fallen_tree(city: City, when: datetime) -> Complaint:
    """Urgent and auto-routed: it reaches DLH (agency B) at the moment it is sent."""
    with time_machine.travel(when, tick=False):
        return submit(city, category=city.tree, title="Pohon tumbang menutup jalan")


def test_a_fallen_tree_on_a_sunday_reaches_the_officer_on_duty(city: City) -> None:
    shift(city.officer_b, city.agency_b, SUNDAY, phone="0812-1111-2222")
    c = fallen_tree(city, SUNDAY)

    assert c.status == Status.ROUTED and c.agency == city.agency_b
    assert on_duty_alerts() == ["petugas_b"]
    message = email_to("petugas_b")
    assert message.subject == f"MENDESAK: aduan {c.tracking_code} masuk saat Anda piket"
    assert "Anda sedang bertugas piket untuk DLH." in message.text
    assert 'Aduan mendesak "Pohon tumbang menutup jalan" (Pohon Tumbang)' in message.text
    assert "masuk di luar jam kerja" in message.text
    assert "Ditangani oleh: DLH" in message.text
    assert "Lokasi: Jl. Merdeka No. 12, Sukarasa" in message.text
    assert f"/staf/aduan/{c.tracking_code}/" in message.text
    assert "Aduan mendesak" in message.html and f"/staf/aduan/{c.tracking_code}/" in message.html
    [note] = duty_notes(c)
    assert not note.is_public and note.author_label == "Sistem"
    assert note.message.endswith("Petugas piket diberi tahu: Petugas B (DLH).")


def test_an_urgent_complaint_on_a_working_night_or_a_holiday_reaches_the_officer_on_duty(
    city: City,
) -> None:
    shift(city.officer_b, city.agency_b, TUESDAY_NIGHT)
    shift(city.officer_b, city.agency_b, CHRISTMAS)
    fallen_tree(city, TUESDAY_NIGHT)
    fallen_tree(city, CHRISTMAS)

    assert on_duty_alerts() == ["petugas_b", "petugas_b"]


def test_in_office_hours_on_a_working_day_nobody_extra_is_alerted(city: City) -> None:
    shift(city.officer_b, city.agency_b, TUESDAY_MORNING)
    c = fallen_tree(city, TUESDAY_MORNING)

    assert c.status == Status.ROUTED
    assert Outbox.objects.filter(template="staff_routed", recipient_user=city.officer_b).exists()
    assert on_duty_alerts() == []
    assert duty_notes(c) == []


def test_office_hours_come_from_the_setting(city: City, settings: Any) -> None:
    settings.ADUAN_OFFICE_HOURS = parse_office_hours("07:00-22:00")
    shift(city.officer_b, city.agency_b, TUESDAY_NIGHT)
    fallen_tree(city, TUESDAY_NIGHT)

    assert on_duty_alerts() == []


def test_a_complaint_that_is_not_urgent_alerts_nobody_on_duty(city: City) -> None:
    shift(city.officer_a, city.agency_a, SUNDAY)
    with time_machine.travel(SUNDAY, tick=False):
        c = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)

    assert c.status == Status.ROUTED
    assert on_duty_alerts() == []


def test_only_the_shifts_of_the_receiving_agency_that_cover_the_moment_count(city: City) -> None:
    shift(city.officer_a, city.agency_a, SUNDAY)  # another agency
    DutyShift.objects.create(  # DLH, but it ended an hour before
        user=city.officer_b,
        agency=city.agency_b,
        starts_at=SUNDAY - timedelta(hours=9),
        ends_at=SUNDAY - timedelta(hours=1),
    )
    fallen_tree(city, SUNDAY)

    assert on_duty_alerts() == []


def test_an_urgent_complaint_verified_and_routed_at_night_alerts_the_agencys_duty(
    city: City,
) -> None:
    city.road.is_urgent = True
    city.road.save()
    shift(city.supervisor_a, city.agency_a, TUESDAY_NIGHT)
    with time_machine.travel(TUESDAY_NIGHT, tick=False):
        c = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)

    # The desk has nobody on duty; the agency has its head.
    assert on_duty_alerts() == ["pimpinan_a"]
    assert "piket untuk Dinas PUPR" in email_to("pimpinan_a").text
    assert c.status == Status.ROUTED


def test_routing_down_to_a_unit_at_night_alerts_duty_on_the_unit_or_its_agency(
    city: City,
) -> None:
    city.road.is_urgent = True
    city.road.save()
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        c = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
    assert on_duty_alerts() == []
    shift(city.supervisor_a, city.agency_a, TUESDAY_NIGHT)
    with time_machine.travel(TUESDAY_NIGHT, tick=False):
        c = actions.route_to_unit(c, by=city.officer_a, unit=city.unit_a)

    assert on_duty_alerts() == ["pimpinan_a"]
    assert "Ditangani oleh: Bidang Bina Marga" in email_to("pimpinan_a").text


def test_re_routing_at_the_weekend_alerts_the_new_agencys_duty(city: City) -> None:
    city.road.is_urgent = True
    city.road.save()
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        c = actions.verify_complaint(submit(city), by=city.verifier, target=city.agency_a)
    shift(city.officer_b, city.agency_b, SUNDAY + timedelta(days=7))
    with time_machine.travel(SUNDAY + timedelta(days=7), tick=False):
        actions.route_complaint(c, by=city.verifier, target=city.agency_b, reason="Wewenang DLH.")

    assert on_duty_alerts() == ["petugas_b"]


def test_an_urgent_complaint_waiting_at_the_desk_at_night_alerts_the_desks_duty(
    city: City,
) -> None:
    city.road.is_urgent = True
    city.road.save()
    shift(city.verifier, city.desk, TUESDAY_NIGHT)
    shift(city.officer_a, city.agency_a, TUESDAY_NIGHT)  # not routed yet: not theirs
    with time_machine.travel(TUESDAY_NIGHT, tick=False):
        c = submit(city)

    assert c.status == Status.SUBMITTED
    assert on_duty_alerts() == ["verifikator"]
    message = email_to("verifikator")
    assert "piket untuk UPT Pengelola Ruang Kendali" in message.text
    assert "Ditangani oleh: meja verifikator (belum didisposisikan)" in message.text
    [note] = duty_notes(c)
    assert "Verifikator (UPT Pengelola Ruang Kendali)" in note.message


def test_a_shift_whose_officer_left_the_agency_alerts_nobody(city: City) -> None:
    shift(city.officer_b, city.agency_b, SUNDAY)
    city.officer_b.memberships.all().delete()
    fallen_tree(city, SUNDAY)

    assert on_duty_alerts() == []


def test_an_officer_who_chose_english_gets_the_alert_in_english(city: City) -> None:
    city.officer_b.language = "en"
    city.officer_b.save()
    shift(city.officer_b, city.agency_b, SUNDAY)
    c = fallen_tree(city, SUNDAY)

    message = email_to("petugas_b")
    assert message.subject == f"URGENT: complaint {c.tracking_code} arrived while you are on duty"
    assert "You are on duty for DLH." in message.text
    assert "Handled by: DLH" in message.text
