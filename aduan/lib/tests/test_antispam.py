"""Public forms keep scripts out: honeypot, minimum fill time, optional proof-of-work."""

from __future__ import annotations

import hashlib
import itertools
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django import forms
from django.template.loader import render_to_string
from django.utils import timezone

from aduan.lib import antispam

pytestmark = pytest.mark.django_db  # the single-use challenge is remembered in the cache table


class MessageForm(antispam.SpamGuardMixin):
    message = forms.CharField()


def fresh() -> dict[str, Any]:
    """What a browser sends back: the hidden fields as rendered, plus the person's answer."""
    blank = MessageForm()
    return {
        "message": "Lampu jalan mati sejak Senin.",
        "website": "",
        "form_started": blank.initial["form_started"],
        "pow_challenge": blank.initial["pow_challenge"],
        "pow_solution": "",
    }


def solve(challenge: str, bits: int) -> str:
    for number in itertools.count():
        digest = hashlib.sha256(f"{challenge}:{number}".encode()).digest()
        if antispam.leading_zero_bits(digest) >= bits:
            return str(number)
    raise AssertionError


def test_a_person_who_takes_their_time_gets_through() -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        data = fresh()
        clock.shift(timedelta(seconds=20))
        assert MessageForm(data).is_valid()


def test_a_form_sent_within_seconds_is_refused_with_a_message() -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        data = fresh()
        clock.shift(timedelta(seconds=1))
        form = MessageForm(data)
        assert not form.is_valid()
        assert "terlalu cepat" in form.non_field_errors()[0]
        # The same form, sent again a little later, passes: the original stamp is kept.
        clock.shift(timedelta(seconds=5))
        again = MessageForm(form.data)
        assert again.is_valid()


def test_a_filled_honeypot_is_refused() -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        data = fresh() | {"website": "https://obat-murah.example"}
        clock.shift(timedelta(seconds=20))
        form = MessageForm(data)
        assert not form.is_valid()
        assert "Jangan diisi" in form.non_field_errors()[0]


@pytest.mark.parametrize("stamp", ["", "123", "forged:stamp"])
def test_a_missing_or_forged_stamp_is_refused(stamp: str) -> None:
    data = fresh() | {"form_started": stamp}
    form = MessageForm(data)
    assert not form.is_valid()
    assert "kedaluwarsa" in form.non_field_errors()[0]
    assert antispam.stamp_age(form.data["form_started"]) is not None  # a new one to retry with


def test_a_stamp_older_than_a_day_is_refused() -> None:
    with time_machine.travel(timezone.now(), tick=False) as clock:
        data = fresh()
        clock.shift(timedelta(hours=25))
        assert not MessageForm(data).is_valid()


def test_the_form_renders_the_honeypot_hidden_and_no_proof_of_work_by_default() -> None:
    html = render_to_string("includes/spam_guard.html", {"form": MessageForm()})
    assert 'hidden aria-hidden="true"' in html
    assert 'name="website"' in html
    assert 'name="form_started"' in html
    assert "pow.js" not in html


def test_proof_of_work_when_switched_on_is_solved_in_the_browser(settings: Any) -> None:
    settings.ADUAN_POW_BITS = 8
    html = render_to_string("includes/spam_guard.html", {"form": MessageForm()})
    assert "public/pow.js" in html
    assert 'data-pow-bits="8"' in html
    with time_machine.travel(timezone.now(), tick=False) as clock:
        data = fresh()
        data["pow_solution"] = solve(data["pow_challenge"], 8)
        clock.shift(timedelta(seconds=5))
        assert MessageForm(data).is_valid()


def test_a_wrong_proof_of_work_is_refused(settings: Any) -> None:
    settings.ADUAN_POW_BITS = 12
    with time_machine.travel(timezone.now(), tick=False) as clock:
        data = fresh()
        wrong = next(
            str(n)
            for n in itertools.count()
            if antispam.leading_zero_bits(
                hashlib.sha256(f"{data['pow_challenge']}:{n}".encode()).digest()
            )
            < 12
        )
        data["pow_solution"] = wrong
        clock.shift(timedelta(seconds=5))
        form = MessageForm(data)
        assert not form.is_valid()
        assert "Pemeriksaan keamanan gagal" in form.non_field_errors()[0]


def test_a_solved_challenge_cannot_be_used_twice(settings: Any) -> None:
    settings.ADUAN_POW_BITS = 8
    with time_machine.travel(timezone.now(), tick=False) as clock:
        data = fresh()
        data["pow_solution"] = solve(data["pow_challenge"], 8)
        clock.shift(timedelta(seconds=5))
        assert MessageForm(data).is_valid()
        replay = MessageForm(data)
        assert not replay.is_valid()
        assert "sudah pernah dikirim" in replay.non_field_errors()[0]


def test_without_javascript_a_person_waits_instead_of_computing(settings: Any) -> None:
    settings.ADUAN_POW_BITS = 20
    settings.ADUAN_POW_FALLBACK_SECONDS = 30
    with time_machine.travel(timezone.now(), tick=False) as clock:
        data = fresh()
        clock.shift(timedelta(seconds=10))
        form = MessageForm(data)
        assert not form.is_valid()
        assert "Tunggu 21 detik" in form.non_field_errors()[0]
        clock.shift(timedelta(seconds=21))
        assert MessageForm(form.data).is_valid()


def test_field_errors_do_not_spend_the_challenge(settings: Any) -> None:
    settings.ADUAN_POW_BITS = 8
    with time_machine.travel(timezone.now(), tick=False) as clock:
        data = fresh()
        data["pow_solution"] = solve(data["pow_challenge"], 8)
        clock.shift(timedelta(seconds=5))
        assert not MessageForm(data | {"message": ""}).is_valid()
        assert MessageForm(data).is_valid()


def test_zero_bits_are_counted_from_the_first_byte() -> None:
    assert antispam.leading_zero_bits(b"\x00\x0f\xff") == 12
    assert antispam.leading_zero_bits(b"\x80") == 0
    assert antispam.leading_zero_bits(b"\x01") == 7
