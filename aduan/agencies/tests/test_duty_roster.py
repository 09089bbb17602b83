"""The on-duty roster (piket): which shifts an administrator may record, who is on duty when, and
what counts as outside working hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from aduan.accounts.models import User
from aduan.agencies.duty import is_outside_working_hours, on_duty
from aduan.agencies.models import Agency, DutyShift, Holiday
from aduan.testing import City, staff_login

JKT = ZoneInfo("Asia/Jakarta")
FRIDAY_EVENING = datetime(2026, 11, 27, 16, 0, tzinfo=JKT)
MONDAY_MORNING = datetime(2026, 11, 30, 7, 30, tzinfo=JKT)


def new_shift(user: User, agency: Agency, start: datetime, end: datetime) -> DutyShift:
    return DutyShift(user=user, agency=agency, starts_at=start, ends_at=end)


def errors_of(shift: DutyShift) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        shift.full_clean()
    return caught.value.message_dict


def test_a_shift_must_end_after_it_starts(city: City) -> None:
    shift = new_shift(city.officer_a, city.agency_a, MONDAY_MORNING, FRIDAY_EVENING)
    assert errors_of(shift) == {"ends_at": ["Waktu selesai harus sesudah waktu mulai."]}


def test_only_staff_of_the_agency_may_stand_duty_for_it(city: City) -> None:
    for outsider in (city.officer_b, city.leadership, city.citizen):
        shift = new_shift(outsider, city.agency_a, FRIDAY_EVENING, MONDAY_MORNING)
        [message] = errors_of(shift)["user"]
        assert message.startswith(f"{outsider} bukan petugas Dinas PUPR.")
    # A role at the agency covers its units; the desk's verifier stands duty for the desk.
    new_shift(city.officer_a, city.unit_a, FRIDAY_EVENING, MONDAY_MORNING).full_clean()
    new_shift(city.supervisor_a, city.agency_a, FRIDAY_EVENING, MONDAY_MORNING).full_clean()
    new_shift(city.verifier, city.desk, FRIDAY_EVENING, MONDAY_MORNING).full_clean()


def test_one_person_cannot_be_on_two_overlapping_shifts(city: City) -> None:
    DutyShift.objects.create(
        user=city.officer_a,
        agency=city.agency_a,
        starts_at=FRIDAY_EVENING,
        ends_at=MONDAY_MORNING,
    )
    clash = new_shift(
        city.officer_a, city.unit_a, MONDAY_MORNING - timedelta(hours=1), MONDAY_MORNING
    )
    assert errors_of(clash) == {
        "starts_at": [
            "Petugas A sudah terjadwal piket di Dinas PUPR pada waktu yang bertabrakan "
            "(27-11-2026 16.00 – 30-11-2026 07.30)."
        ]
    }
    # Back-to-back is fine, and so is someone else at the same time.
    new_shift(
        city.officer_a, city.agency_a, MONDAY_MORNING, MONDAY_MORNING + timedelta(hours=8)
    ).full_clean()
    new_shift(city.supervisor_a, city.agency_a, FRIDAY_EVENING, MONDAY_MORNING).full_clean()


def test_the_admin_refuses_an_invalid_shift_with_its_message_and_saves_nothing(
    client: Client, city: City
) -> None:
    root = User.objects.create_superuser("root", "root@example.test", "kata-sandi-uji-123")
    staff_login(client, root)
    response = client.post(
        reverse("admin:agencies_dutyshift_add"),
        {
            "agency": city.agency_a.pk,
            "user": city.officer_b.pk,
            "starts_at_0": "2026-11-28",
            "starts_at_1": "00:00",
            "ends_at_0": "2026-11-27",
            "ends_at_1": "07:30",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Waktu selesai harus sesudah waktu mulai." in html
    assert not DutyShift.objects.exists()

    response = client.post(
        reverse("admin:agencies_dutyshift_add"),
        {
            "agency": city.agency_a.pk,
            "user": city.officer_b.pk,
            "starts_at_0": "2026-11-28",
            "starts_at_1": "00:00",
            "ends_at_0": "2026-11-30",
            "ends_at_1": "07:30",
        },
    )
    assert "Petugas B bukan petugas Dinas PUPR." in response.content.decode()
    assert not DutyShift.objects.exists()


def test_the_admin_records_a_shift_in_jakarta_time_and_lists_it(client: Client, city: City) -> None:
    root = User.objects.create_superuser("root", "root@example.test", "kata-sandi-uji-123")
    staff_login(client, root)
    response = client.post(
        reverse("admin:agencies_dutyshift_add"),
        {
            "agency": city.agency_a.pk,
            "user": city.officer_a.pk,
            "starts_at_0": "2026-11-28",
            "starts_at_1": "00:00",
            "ends_at_0": "2026-11-30",
            "ends_at_1": "07:30",
            "phone_note": "0812-3456-7890",
        },
    )
    assert response.status_code == 302
    shift = DutyShift.objects.get()
    assert shift.starts_at == datetime(2026, 11, 28, 0, 0, tzinfo=JKT)
    html = client.get(
        reverse("admin:agencies_dutyshift_changelist"), {"q": "petugas_a"}
    ).content.decode()
    assert "Petugas A" in html and "0812-3456-7890" in html


def test_on_duty_covers_the_node_and_its_ancestors_within_the_agency(city: City) -> None:
    agency_shift = DutyShift.objects.create(
        user=city.officer_a, agency=city.agency_a, starts_at=FRIDAY_EVENING, ends_at=MONDAY_MORNING
    )
    saturday = FRIDAY_EVENING + timedelta(days=1)
    assert list(on_duty(city.unit_a, saturday)) == [agency_shift]
    assert list(on_duty(city.agency_a, saturday)) == [agency_shift]
    assert list(on_duty(city.agency_b, saturday)) == []
    assert list(on_duty(city.agency_a, MONDAY_MORNING)) == [], "a shift ends at its end time"
    city.officer_a.is_active = False
    city.officer_a.save()
    assert list(on_duty(city.agency_a, saturday)) == []


def test_outside_working_hours_means_days_off_and_outside_office_hours(city: City) -> None:
    def outside(y: int, m: int, d: int, h: int, mi: int) -> bool:
        return is_outside_working_hours(city.agency_a, datetime(y, m, d, h, mi, tzinfo=JKT))

    assert not outside(2026, 11, 24, 7, 30)  # Tuesday, office opens
    assert not outside(2026, 11, 24, 15, 59)
    assert outside(2026, 11, 24, 16, 0)  # office closed
    assert outside(2026, 11, 24, 6, 0)
    assert outside(2026, 11, 28, 10, 0)  # Saturday
    assert outside(2026, 12, 25, 10, 0)  # Christmas
    Holiday.objects.create(date=datetime(2026, 11, 26).date(), name="Cuti daerah")
    assert outside(2026, 11, 26, 10, 0)
    city.agency_a.working_days = "123456"
    city.agency_a.save()
    assert not outside(2026, 11, 28, 10, 0), "an agency that works on Saturdays"
