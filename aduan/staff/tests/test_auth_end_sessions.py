"""An administrator signs one account, or everyone, out everywhere."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from aduan.audit.models import AuditEntry
from aduan.staff.tests.authkit import GUARDED
from aduan.testing import City, staff_login

pytestmark = [pytest.mark.django_db, pytest.mark.urls("aduan.staff.tests.auth_urls")]


def test_ending_one_accounts_sessions_leaves_the_others_signed_in(city: City) -> None:
    laptop, phone, colleague = Client(), Client(), Client()
    staff_login(laptop, city.officer_a)
    staff_login(phone, city.officer_a)
    staff_login(colleague, city.officer_b)
    out = StringIO()
    call_command("end_sessions", "petugas_a", reason="laptop dicuri", stdout=out)
    assert "Ended 2 session(s) of petugas_a" in out.getvalue()
    assert laptop.get(GUARDED).status_code == 302
    assert phone.get(GUARDED).status_code == 302
    assert colleague.get(GUARDED).status_code == 200
    assert AuditEntry.objects.get(action="sessions.ended").reason == "laptop dicuri"


def test_ending_every_session(city: City) -> None:
    first, second = Client(), Client()
    staff_login(first, city.officer_a)
    staff_login(second, city.verifier)
    call_command("end_sessions", all=True, reason="dugaan kebocoran", stdout=StringIO())
    assert first.get(GUARDED).status_code == 302
    assert second.get(GUARDED).status_code == 302


def test_it_needs_exactly_one_of_a_username_or_all(city: City) -> None:
    with pytest.raises(CommandError, match="either"):
        call_command("end_sessions", reason="uji")
    with pytest.raises(CommandError, match="tidak_ada"):
        call_command("end_sessions", "tidak_ada", reason="uji")
