"""demo_code gives a demo staff account a working sign-in code, only outside production."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from aduan.accounts.devices import StaffTOTPDevice
from aduan.testing import City


def test_it_prints_a_code_the_second_factor_accepts(city: City) -> None:
    out = StringIO()
    call_command("demo_code", "verifikator", stdout=out)
    code = re.search(r"verifikator: (\d{6})", out.getvalue())
    assert code is not None
    device = StaffTOTPDevice.objects.get(user=city.verifier, confirmed=True)
    assert device.verify_token(code.group(1))


def test_it_refuses_citizens_and_unknown_accounts(city: City) -> None:
    with pytest.raises(CommandError, match="not a staff account"):
        call_command("demo_code", city.citizen.username)
    with pytest.raises(CommandError, match="No active account"):
        call_command("demo_code", "tidak_ada")


def test_it_refuses_in_production(city: City, settings: object) -> None:
    settings.PRODUCTION = True  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="only runs in development"):
        call_command("demo_code", "verifikator")
    assert not StaffTOTPDevice.objects.filter(user=city.verifier).exists()
