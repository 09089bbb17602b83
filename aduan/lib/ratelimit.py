"""Counting requests per key in the shared cache: rate limits and temporary blocks.

The default cache is a DatabaseCache, so every web process on every machine sees the same counts
without another service. Counts are kept under keyed hashes: the cache never holds a raw IP
address, phone number or email. Counting is best-effort (the cache's increment is not atomic),
which is fine for slowing abuse down; it is not a quota system.

Use in a view::

    from aduan.lib import ratelimit

    ip = ratelimit.client_ip(request)
    if not ratelimit.hit(f"submit:ip:{ip}", limit=10, window=3600):
        return ratelimit.too_many(request)

or decorate a view: ``@ratelimit.limit("dukung", limit=30, window=3600)`` (POST only, per IP);
per phone number or email: ``ratelimit.contact_allowed("submit", email=e, phone=p, limit=20,
window=86400)``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


def _digest(key: str) -> str:
    secret = hashlib.sha256(("aduan.ratelimit:" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()[:40]


def client_ip(request: HttpRequest) -> str:
    """The address the request came from.

    Behind a reverse proxy set ADUAN_TRUSTED_PROXY_COUNT (settings) to the number of proxies that
    append to X-Forwarded-For; otherwise the header is ignored, because a client can forge it.
    """
    hops = settings.ADUAN_TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def hit(key: str, limit: int, window: int) -> bool:
    """Count one event for `key`; True while at most `limit` events fell in the current window.

    Windows are fixed (aligned to multiples of `window` seconds), so a burst can straddle two
    windows; limits should be set with that slack in mind.
    """
    bucket = int(time.time() // window)
    name = f"rl:{_digest(key)}:{bucket}"
    # add() only sets a missing key; the timeout outlives the window so the count is not lost.
    cache.add(name, 0, window + 60)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add() and incr()
        cache.set(name, 1, window + 60)
        count = 1
    return count <= limit


def contact_allowed(
    scope: str, *, email: str = "", phone: str = "", limit: int, window: int
) -> bool:
    """Count one event for each contact given (normalised, so 0812… and +62812… are one).

    False when any of them is over `limit` in the window: a script rotating addresses but
    reusing a phone number or email is still held back.
    """
    from aduan.lib.crypto import normalise_email, normalise_phone

    allowed = True
    for kind, value in (("email", normalise_email(email)), ("phone", normalise_phone(phone))):
        if value and not hit(f"{scope}:contact:{kind}:{value}", limit, window):
            allowed = False
    return allowed


def count(key: str, window: int) -> int:
    """How many events `key` has in the current window (without counting one)."""
    bucket = int(time.time() // window)
    return int(cache.get(f"rl:{_digest(key)}:{bucket}", 0))


@dataclass(frozen=True)
class Throttle:
    """Failures per key; after `limit` failures within `window`, the key is blocked for `block`.

    Used for sign-in: the block is temporary, so an attacker can slow an officer down but never
    lock them out for good, and a success resets the count.
    """

    name: str
    limit: int
    window: int
    block: int

    def _key(self, key: str) -> str:
        return f"th:{self.name}:{_digest(key)}"

    def blocked_until(self, key: str) -> datetime | None:
        state = cache.get(self._key(key))
        if not state or not state.get("until"):
            return None
        until = float(state["until"])
        if until <= time.time():
            return None
        return datetime.fromtimestamp(until, tz=timezone.get_current_timezone())

    def fail(self, key: str) -> datetime | None:
        """Record one failure; return the end of the block if the key is now blocked."""
        now = time.time()
        state = cache.get(self._key(key)) or {}
        if state.get("until") and float(state["until"]) > now:
            return self.blocked_until(key)
        first = float(state.get("first", now))
        failures = int(state.get("failures", 0))
        if now - first > self.window or state.get("until"):
            first, failures = now, 0
        failures += 1
        state = {"first": first, "failures": failures}
        timeout = self.window
        if failures >= self.limit:
            state["until"] = now + self.block
            timeout = self.block
        cache.set(self._key(key), state, int(timeout) + 60)
        return self.blocked_until(key)

    def failures(self, key: str) -> int:
        state = cache.get(self._key(key)) or {}
        return int(state.get("failures", 0))

    def reset(self, key: str) -> None:
        cache.delete(self._key(key))


@dataclass(frozen=True)
class SignInThrottle:
    """Wrong passwords counted per account and address together, and per address; never per account.

    Counting per account alone would let anyone lock a person out from everywhere by typing their
    email or username with wrong passwords. Per account and address, the guesser's own address is
    blocked and the owner elsewhere still signs in; the separate, much higher limit per address
    stops one address from trying many accounts (kept high because many phones share one carrier
    address). `account` is the normalised name typed (an email, phone number or username), or ""
    when it is not one, which then counts for the address only.
    """

    pair: Throttle
    address: Throttle

    def _pair(self, account: str, ip: str) -> str:
        return f"{account}|{ip}"

    def blocked_until(self, account: str, ip: str) -> datetime | None:
        if account and (until := self.pair.blocked_until(self._pair(account, ip))):
            return until
        return self.address.blocked_until(ip)

    def fail(self, account: str, ip: str) -> datetime | None:
        """Count one wrong password; return the end of the block if one now applies."""
        pair = self.pair.fail(self._pair(account, ip)) if account else None
        address = self.address.fail(ip)
        return pair or address

    def succeeded(self, account: str, ip: str) -> None:
        """A right password: that account's count at this address starts again (not the address's)."""
        self.pair.reset(self._pair(account, ip))


def too_many(request: HttpRequest, retry_after: int = 3600) -> HttpResponse:
    """The 429 page: says what happened and when to try again."""
    minutes = max(1, round(retry_after / 60))
    response = render(
        request,
        "ratelimit/too_many.html",
        {
            "message": _(
                "Terlalu banyak permintaan dari perangkat atau kontak ini. "
                "Silakan coba lagi dalam %(minutes)d menit."
            )
            % {"minutes": minutes}
        },
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def limit(
    scope: str,
    *,
    limit: int,
    window: int,
    methods: tuple[str, ...] = ("POST",),
    key: Callable[[HttpRequest], str] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorator: at most `limit` requests per client IP (or per `key(request)`) per `window`."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in methods:
                who = key(request) if key else f"ip:{client_ip(request)}"
                if not hit(f"{scope}:{who}", limit, window):
                    return too_many(request, window)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
