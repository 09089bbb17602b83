"""The demo city: what `load_demo` creates, and that running it again changes nothing."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from aduan.accounts.models import Membership, Role, User
from aduan.agencies.demo import city as democity
from aduan.agencies.models import Agency, Area, Category, DeadlineRule, DutyShift, RoutingRule
from aduan.agencies.routing import suggest_agency
from aduan.audit.log import verify_chain
from aduan.complaints.models import Complaint, ResponseTemplate, TimelineEntry
from aduan.complaints.states import Status
from aduan.testing import City

pytestmark = pytest.mark.django_db

MODELS: list[type[Any]] = [
    Area,
    Agency,
    Category,
    RoutingRule,
    DeadlineRule,
    ResponseTemplate,
    User,
]
MODELS += [Membership, Complaint, TimelineEntry, DutyShift]


def load(**options: object) -> str:
    out = StringIO()
    call_command("load_demo", stdout=out, **options)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_loads_the_demo_city_and_a_second_run_keeps_it_unchanged() -> None:
    output = load(complaints=15)

    assert "Demo city loaded" in output
    assert "verifikator" in output and democity.PASSWORD in output
    root = Agency.objects.get(code="pemkot")
    assert root.parent is None and root.kind == Agency.Kind.GOVERNMENT
    desk = Agency.objects.get(kind=Agency.Kind.DESK)
    assert desk.name == "UPT Pengelola Ruang Kendali"
    assert Agency.objects.get(code="pupr-bina-marga").is_within(
        Agency.objects.get(code="dinas-pupr")
    )
    assert (
        Agency.objects.filter(kind=Agency.Kind.VILLAGE, parent__kind=Agency.Kind.DISTRICT).count()
        >= 4
    )
    assert Category.objects.count() >= 25
    tree = Category.objects.get(slug="pohon-tumbang")
    assert tree.is_urgent and tree.auto_route and tree.evidence_required
    fire = Category.objects.get(slug="kebakaran")
    assert fire.is_emergency and "112" in fire.hotline_text
    assert Category.objects.get(slug="pungli").is_sensitive
    assert Category.objects.get(slug="layanan-ktp-kk").asks_for_nik
    district = Area.objects.get(code="36.71.01")
    assert district.name == "Tangerang" and district.shape.startswith("M") and district.latitude
    assert Area.objects.get(code="36.71.01.1001").parent_id == "36.71.01"
    assert DeadlineRule.objects.filter(category__slug="pohon-tumbang", unit="hours").exists()
    assert ResponseTemplate.objects.exists()
    assert Complaint.objects.count() == 15
    assert verify_chain()[0]
    assert "4 duty shifts" in output
    weekend = DutyShift.objects.get(user__username="petugas_pupr")
    assert weekend.agency.code == "dinas-pupr"
    assert timezone.localtime(weekend.starts_at).isoweekday() == 6
    assert DutyShift.objects.filter(agency__kind=Agency.Kind.DESK).exists()

    before = counts()
    assert "already loaded" in load(complaints=15)
    assert counts() == before


def test_every_status_appears_among_the_demo_complaints() -> None:
    load(complaints=12)

    present = set(Complaint.objects.values_list("status", flat=True))
    assert present == set(Status.values)
    closed = Complaint.objects.filter(status=Status.CLOSED).earliest("created_at")
    assert closed.closed_at is not None and closed.closed_at > closed.created_at
    # The history was lived through the actions: every complaint has its submission entry.
    assert TimelineEntry.objects.filter(kind="submitted").count() == 12


def test_the_demo_archive_is_lively_but_shows_only_what_a_person_looked_at() -> None:
    load(complaints=60)

    public = Complaint.objects.public()
    assert public.count() >= 30
    assert not public.filter(published_at=None).exists()
    assert not public.filter(status=Status.REJECTED).exists()
    # The desk's backlog is there, not yet public.
    assert Complaint.objects.filter(status=Status.SUBMITTED, published_at=None).exists()
    # Every publication was a person's: the timeline says who.
    assert not TimelineEntry.objects.filter(kind="published", author=None).exists()
    # Some reporters chose to share their words, others kept them between them and the staff.
    words = TimelineEntry.objects.filter(kind__in=["info_provided", "confirmed", "disputed"])
    assert words.filter(message_public=True).exists()
    assert words.filter(message_public=False).exists()


def test_one_account_per_role_signs_in_with_the_printed_password(client: object) -> None:
    load(complaints=0)

    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    leadership = Membership.objects.get(user__username="pimpinan_kota")
    assert leadership.role == Role.SUPERVISOR and leadership.agency.parent is None
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    for account in democity.ACCOUNTS:
        if account.role == "citizen":
            continue
        assert client.login(username=account.username, password=democity.PASSWORD)  # type: ignore[attr-defined]


def test_the_demo_citizen_signs_in_with_the_printed_email_or_phone(client: Any) -> None:
    load(complaints=0)
    lines = "\n".join(democity.account_lines())
    assert democity.CITIZEN_EMAIL in lines and "0812 0000 2026" in lines

    for contact in (democity.CITIZEN_EMAIL, "0812 0000 2026"):
        client.post("/akun/keluar/")
        response = client.post("/akun/masuk/", {"contact": contact, "password": democity.PASSWORD})
        assert response.status_code == 302, contact
        citizen = User.objects.get(pk=client.session["_auth_user_id"])
        assert citizen.is_citizen and citizen.citizen_name == "Ahmad Fauzi"
        assert citizen.username.startswith("warga-")


def test_demo_routing_sends_street_vendors_in_kecamatan_tangerang_to_the_kecamatan() -> None:
    load(complaints=0)

    vendors = Category.objects.get(slug="pedagang-kaki-lima")
    in_tangerang = Area.objects.get(code="36.71.01.1003")
    in_cipondoh = Area.objects.get(code="36.71.05.1001")
    assert suggest_agency(vendors, in_tangerang) == Agency.objects.get(code="kec-tangerang")
    assert suggest_agency(vendors, in_cipondoh) == Agency.objects.get(code="satpol-pp")


def test_it_leaves_a_database_with_agencies_of_its_own_alone() -> None:
    Agency.objects.create(code="kab-lain", name="Pemerintah Kabupaten Lain")
    before = counts()
    assert "nothing was changed" in load(complaints=5)
    assert counts() == before


def test_it_leaves_a_database_that_already_has_a_city_alone(city: City) -> None:
    before = counts()
    load(complaints=5)
    assert counts() == before


def test_it_refuses_to_run_in_production(settings: object) -> None:
    settings.PRODUCTION = True  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="ADUAN_ENV=production"):
        load(complaints=1)
    assert not Agency.objects.exists()


def test_the_demo_roster_covers_the_coming_weekend() -> None:
    from datetime import date

    from aduan.agencies.demo.roster import this_weekend

    assert this_weekend(date(2026, 11, 23)) == date(2026, 11, 28)  # Monday → Saturday
    assert this_weekend(date(2026, 11, 28)) == date(2026, 11, 28)  # Saturday: this one
    assert this_weekend(date(2026, 11, 29)) == date(2026, 11, 28)  # Sunday: still this one
