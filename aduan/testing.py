"""The test cast and a small city, shared by every test (see aduan/conftest.py).

Every permission test reads like a story about the same people: a citizen, the verifier, an officer
of agency A, an officer of agency B, a supervisor of A, city leadership, an administrator, the DPO
and an outsider.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from aduan.accounts import citizens
from aduan.accounts.models import Membership, Role, User
from aduan.agencies.models import Agency, Area, AreaLevel, Category, Classification, RoutingRule
from aduan.complaints import actions
from aduan.complaints.models import Complaint
from aduan.complaints.states import Status
from aduan.lib.images import CleanImage

PASSWORD = "kata-sandi-uji-123"  # noqa: S105 (test accounts only)
CITIZEN_EMAIL = "warga@example.test"
CITIZEN_PHONE = "+6281211112222"


@dataclass
class City:
    root: Agency
    desk: Agency
    agency_a: Agency
    unit_a: Agency
    agency_b: Agency
    kecamatan: Area
    kelurahan: Area
    kelurahan_2: Area
    road: Category
    rubbish: Category
    bribe: Category
    tree: Category
    citizen: User
    verifier: User
    officer_a: User
    officer_b: User
    supervisor_a: User
    leadership: User
    administrator: User
    dpo: User
    outsider: User

    @property
    def personas(self) -> dict[str, User]:
        return {
            "citizen": self.citizen,
            "verifier": self.verifier,
            "officer_a": self.officer_a,
            "officer_b": self.officer_b,
            "supervisor_a": self.supervisor_a,
            "leadership": self.leadership,
            "administrator": self.administrator,
            "dpo": self.dpo,
            "outsider": self.outsider,
        }


def _user(username: str, **extra: Any) -> User:
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@example.test",
        display_name=username.replace("_", " ").title(),
        **extra,
    )
    return user


def build_city() -> City:
    province = Area.objects.create(code="36", name="Banten", level=AreaLevel.PROVINCE)
    city_area = Area.objects.create(
        code="36.71", name="Kota Tangerang", level=AreaLevel.REGENCY, parent=province
    )
    kecamatan = Area.objects.create(
        code="36.71.01", name="Tangerang", level=AreaLevel.DISTRICT, parent=city_area
    )
    kelurahan = Area.objects.create(
        code="36.71.01.1001", name="Sukarasa", level=AreaLevel.VILLAGE, parent=kecamatan
    )
    kelurahan_2 = Area.objects.create(
        code="36.71.01.1002", name="Sukasari", level=AreaLevel.VILLAGE, parent=kecamatan
    )
    root = Agency.objects.create(code="pemkot", name="Pemerintah Kota", kind=Agency.Kind.GOVERNMENT)
    desk = Agency.objects.create(
        code="ruang-kendali",
        name="UPT Pengelola Ruang Kendali",
        kind=Agency.Kind.DESK,
        parent=root,
    )
    agency_a = Agency.objects.create(
        code="dinas-pupr",
        name="Dinas Pekerjaan Umum dan Penataan Ruang",
        short_name="Dinas PUPR",
        parent=root,
    )
    unit_a = Agency.objects.create(
        code="pupr-bina-marga", name="Bidang Bina Marga", kind=Agency.Kind.UNIT, parent=agency_a
    )
    agency_b = Agency.objects.create(
        code="dlh", name="Dinas Lingkungan Hidup", short_name="DLH", parent=root
    )
    road = Category.objects.create(
        slug="jalan-rusak",
        name="Jalan Rusak",
        group="Infrastruktur",
        default_classification=Classification.COMPLAINT,
    )
    rubbish = Category.objects.create(
        slug="sampah-menumpuk",
        name="Sampah Menumpuk",
        group="Lingkungan",
        default_classification=Classification.COMPLAINT,
    )
    bribe = Category.objects.create(
        slug="pungli",
        name="Pungutan Liar",
        group="Pengawasan",
        default_classification=Classification.MISCONDUCT,
        is_sensitive=True,
    )
    tree = Category.objects.create(
        slug="pohon-tumbang",
        name="Pohon Tumbang",
        group="Lingkungan",
        is_urgent=True,
        auto_route=True,
        evidence_required=True,
    )
    RoutingRule.objects.create(category=road, agency=agency_a)
    RoutingRule.objects.create(category=rubbish, agency=agency_b)
    RoutingRule.objects.create(category=tree, agency=agency_b)

    # A citizen is known by an opaque username; name, email and phone are encrypted.
    citizen = citizens.create_citizen(
        email=CITIZEN_EMAIL, phone=CITIZEN_PHONE, name="Warga Kota", password=PASSWORD
    )
    verifier = _user("verifikator")
    officer_a = _user("petugas_a")
    officer_b = _user("petugas_b")
    supervisor_a = _user("pimpinan_a")
    leadership = _user("pimpinan_kota")
    administrator = _user("administrator", is_staff=True)
    dpo = _user("ppd")
    outsider = _user("orang_luar")
    Membership.objects.create(
        user=verifier, agency=desk, role=Role.VERIFIER, can_view_identity=True
    )
    Membership.objects.create(user=officer_a, agency=agency_a, role=Role.OFFICER)
    Membership.objects.create(user=officer_b, agency=agency_b, role=Role.OFFICER)
    Membership.objects.create(user=supervisor_a, agency=agency_a, role=Role.SUPERVISOR)
    Membership.objects.create(user=leadership, agency=root, role=Role.SUPERVISOR)
    Membership.objects.create(user=administrator, agency=root, role=Role.ADMINISTRATOR)
    Membership.objects.create(user=dpo, agency=root, role=Role.DPO, can_view_identity=True)
    return City(
        root=root,
        desk=desk,
        agency_a=agency_a,
        unit_a=unit_a,
        agency_b=agency_b,
        kecamatan=kecamatan,
        kelurahan=kelurahan,
        kelurahan_2=kelurahan_2,
        road=road,
        rubbish=rubbish,
        bribe=bribe,
        tree=tree,
        citizen=citizen,
        verifier=verifier,
        officer_a=officer_a,
        officer_b=officer_b,
        supervisor_a=supervisor_a,
        leadership=leadership,
        administrator=administrator,
        dpo=dpo,
        outsider=outsider,
    )


def staff_login(client: Any, user: User) -> None:
    """Sign a staff member in for a test, as far as the staff console requires (incl. 2FA).

    Like the real path: password sign-in at the staff sign-in (which starts the staff session
    clocks), then a confirmed authenticator marked as verified in the session. The idle timeout
    applies: a test that moves the clock forward more than 30 minutes signs in again after.
    """
    import secrets

    from django_otp import DEVICE_ID_SESSION_KEY

    from aduan.accounts.devices import StaffTOTPDevice
    from aduan.lib.middleware import STAFF_LAST_SEEN, STAFF_STARTED

    device = StaffTOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = StaffTOTPDevice.objects.create(
            user=user, name="uji", confirmed=True, key=secrets.token_hex(20)
        )
    client.force_login(user)
    session = client.session
    now = int(time.time())
    session[STAFF_STARTED] = now
    session[STAFF_LAST_SEEN] = now
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def photo(kind: str = "photo") -> CleanImage:
    """A tiny valid PNG, already clean."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 40, 40)).save(buffer, "PNG")
    return CleanImage(buffer.getvalue(), "image/png", 4, 3, kind)


def sign_up(client: Any, contact: str, *, name: str = "", password: str = PASSWORD) -> Any:
    """A citizen signs up as a person does: their contact, the link from the message, a password.

    Returns the answer to the last step (a redirect when the account was made).
    """
    from urllib.parse import urlsplit

    from aduan.notifications.models import Outbox
    from aduan.notifications.render import render

    newest = Outbox.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client.post("/akun/daftar/", {"contact": contact})
    row = Outbox.objects.filter(pk__gt=newest, template="account_signup").get()
    path = urlsplit(render(row).link).path
    return client.post(path, {"name": name, "password": password, "password2": password})


def submit(city: City, **overrides: Any) -> Complaint:
    values: dict[str, Any] = {
        "by": None,
        "category": city.road,
        "title": "Jalan berlubang di depan SDN 3",
        "description": "Lubang sedalam 20 cm membahayakan pengendara motor setiap pagi.",
        "area": city.kelurahan,
        "address": "Jl. Merdeka No. 12",
        "reporter": actions.ReporterDetails(
            name="Siti Aminah", phone="081234567890", email="siti@example.test"
        ),
    }
    values.update(overrides)
    return actions.submit_complaint(**values)


def complaint_in(city: City, status: str, **overrides: Any) -> Complaint:
    """A complaint of agency A walked through real actions to the given status."""
    c = submit(city, **overrides)
    if status == Status.SUBMITTED:
        return c
    if status == Status.REJECTED:
        return actions.reject_complaint(c, by=city.verifier, reason="spam")
    if status == Status.NEEDS_INFO:
        return actions.request_info(c, by=city.verifier, question="Di sisi jalan sebelah mana?")
    if status == Status.MERGED:
        other = submit(city)
        return actions.merge_complaint(c, by=city.verifier, into=other)
    c = actions.verify_complaint(c, by=city.verifier, target=city.agency_a)
    if status == Status.ROUTED:
        return c
    c = actions.accept_complaint(c, by=city.officer_a)
    if status == Status.IN_PROGRESS:
        return c
    c = actions.resolve_complaint(c, by=city.officer_a, message="Lubang sudah ditambal.")
    if status == Status.UNDER_REVIEW:
        return c
    c = actions.approve_resolution(c, by=city.verifier)
    if status == Status.RESOLVED:
        return c
    c = actions.confirm_resolution(c, by=actions.VIA_SECRET_LINK, rating=5)
    if status == Status.CLOSED:
        return c
    raise ValueError(status)
