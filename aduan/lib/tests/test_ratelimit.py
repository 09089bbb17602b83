"""Rate limits and temporary blocks, counted in the shared database cache."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from aduan.lib import ratelimit

pytestmark = pytest.mark.django_db


def test_it_allows_up_to_the_limit_in_a_window_then_refuses() -> None:
    with time_machine.travel(timezone.now().replace(minute=0, second=1), tick=False):
        results = [ratelimit.hit("dukung:ip:10.0.0.1", limit=3, window=3600) for _ in range(5)]
    assert results == [True, True, True, False, False]


def test_each_key_has_its_own_count() -> None:
    for _ in range(3):
        ratelimit.hit("submit:contact:+6281234567890", limit=3, window=3600)
    assert not ratelimit.hit("submit:contact:+6281234567890", limit=3, window=3600)
    assert ratelimit.hit("submit:contact:+6289999999999", limit=3, window=3600)


def test_the_count_starts_again_in_the_next_window() -> None:
    with time_machine.travel(timezone.now().replace(minute=0, second=1), tick=False) as clock:
        for _ in range(3):
            ratelimit.hit("k", limit=3, window=3600)
        assert not ratelimit.hit("k", limit=3, window=3600)
        clock.shift(timedelta(hours=1))
        assert ratelimit.hit("k", limit=3, window=3600)


def test_the_cache_never_holds_the_raw_address_or_contact() -> None:
    ratelimit.hit("submit:contact:siti@example.test", limit=3, window=3600)
    ratelimit.Throttle("t", 2, 60, 60).fail("siti@example.test|10.9.8.7")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, value FROM aduan_cache")
        rows = cursor.fetchall()
    assert rows
    for key, value in rows:
        assert "siti" not in key and "10.9.8.7" not in key
        assert "siti" not in str(value)


def test_a_throttle_blocks_after_the_limit_and_unblocks_by_itself() -> None:
    throttle = ratelimit.Throttle("uji", limit=3, window=600, block=900)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert throttle.fail("a") is None
        assert throttle.fail("a") is None
        until = throttle.fail("a")
        assert until is not None
        assert abs((until - timezone.now()).total_seconds() - 900) < 2
        assert throttle.blocked_until("a") == until
        assert throttle.blocked_until("b") is None
        clock.shift(timedelta(seconds=901))
        assert throttle.blocked_until("a") is None
        assert throttle.fail("a") is None  # a fresh count after the block


def test_failures_spread_beyond_the_window_do_not_add_up() -> None:
    throttle = ratelimit.Throttle("uji", limit=3, window=600, block=900)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        throttle.fail("a")
        throttle.fail("a")
        clock.shift(timedelta(seconds=601))
        assert throttle.fail("a") is None
        assert throttle.failures("a") == 1


def test_reset_clears_the_failures() -> None:
    throttle = ratelimit.Throttle("uji", limit=2, window=600, block=900)
    throttle.fail("a")
    throttle.reset("a")
    assert throttle.fail("a") is None


def test_sign_in_failures_block_the_account_at_that_address_only() -> None:
    throttle = ratelimit.SignInThrottle(
        pair=ratelimit.Throttle("uji-pasangan", limit=3, window=600, block=900),
        address=ratelimit.Throttle("uji-alamat", limit=10, window=600, block=900),
    )
    for _ in range(3):
        throttle.fail("siti@example.test", "203.0.113.9")
    assert throttle.blocked_until("siti@example.test", "203.0.113.9") is not None
    assert throttle.blocked_until("siti@example.test", "198.51.100.7") is None
    assert throttle.blocked_until("budi@example.test", "203.0.113.9") is None


def test_sign_in_failures_on_many_accounts_block_the_address() -> None:
    throttle = ratelimit.SignInThrottle(
        pair=ratelimit.Throttle("uji-pasangan", limit=3, window=600, block=900),
        address=ratelimit.Throttle("uji-alamat", limit=4, window=600, block=900),
    )
    for n in range(3):
        assert throttle.fail(f"orang{n}@example.test", "203.0.113.9") is None
    assert throttle.fail("", "203.0.113.9") is not None  # not an account: the address counts
    assert throttle.blocked_until("siti@example.test", "203.0.113.9") is not None
    assert throttle.blocked_until("siti@example.test", "198.51.100.7") is None


def test_the_decorator_answers_429_with_a_retry_after_and_a_readable_page() -> None:
    @ratelimit.limit("uji", limit=2, window=3600)
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    factory = RequestFactory()
    with time_machine.travel(timezone.now().replace(minute=0, second=1), tick=False):
        assert view(factory.post("/")).status_code == 200
        assert view(factory.post("/")).status_code == 200
        assert view(factory.get("/")).status_code == 200  # only POSTs count
        refused = view(factory.post("/"))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "coba lagi dalam 60 menit" in refused.content.decode()


def test_forwarded_addresses_are_ignored_unless_a_proxy_is_trusted(settings: object) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert ratelimit.client_ip(request) == "10.0.0.5"
    settings.ADUAN_TRUSTED_PROXY_COUNT = 1  # type: ignore[attr-defined]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4"
    )
    assert ratelimit.client_ip(request) == "1.2.3.4"
