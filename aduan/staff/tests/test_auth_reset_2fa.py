"""An administrator resets the 2FA of an officer who lost phone and recovery codes."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from aduan.accounts.devices import RecoveryCodeDevice, StaffTOTPDevice
from aduan.audit.models import AuditEntry
from aduan.staff.tests.authkit import enrolled, password_step
from aduan.testing import City

pytestmark = pytest.mark.django_db


def test_after_a_reset_the_officer_sets_up_2fa_again(city: City) -> None:
    enrolled(city.officer_a)
    RecoveryCodeDevice.objects.create(user=city.officer_a, name="kode").generate()
    out = StringIO()
    call_command("reset_2fa", "petugas_a", reason="ponsel hilang, dicek lewat telepon", stdout=out)
    assert "Removed 2" in out.getvalue()
    assert not StaffTOTPDevice.objects.filter(user=city.officer_a).exists()
    entry = AuditEntry.objects.get(action="staff.2fa_reset")
    assert entry.reason == "ponsel hilang, dicek lewat telepon"
    response = password_step(Client(), city.officer_a)
    assert response["Location"].startswith("/staf/2fa/siapkan/")


def test_an_unknown_account_is_named_in_the_error(city: City) -> None:
    with pytest.raises(CommandError, match="tidak_ada"):
        call_command("reset_2fa", "tidak_ada", reason="uji")
