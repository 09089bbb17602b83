"""Tracking codes: short, unguessable, easy to read aloud and to type on a phone.

URLs name a code with `<code:…>` (exactly as Aduan writes it) or `<typedcode:…>` (anything that
`normalise` turns into a code, for links a person may have typed). A URL part that does not fit
never reaches a view or a query: the resolver answers 404.
"""

from __future__ import annotations

import re
import secrets

from django.urls import register_converter

# No 0/O, 1/I/L: nothing a citizen could confuse when reading a code aloud or typing it.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
PREFIX = "ADU"
GROUPS = 3
GROUP_SIZE = 3
# 9 symbols of 31 = 44.6 bits of randomness.
PATTERN = rf"{PREFIX}-[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}-[{ALPHABET}]{{3}}"
CODE_RE = re.compile(rf"^{PATTERN}$")
MAX_LENGTH = len(PREFIX) + GROUPS * (GROUP_SIZE + 1)


def new_code() -> str:
    groups = ["".join(secrets.choice(ALPHABET) for _ in range(GROUP_SIZE)) for _ in range(GROUPS)]
    return "-".join([PREFIX, *groups])


def normalise(text: str) -> str | None:
    """Turn what a person typed ("adu 7kq 39x hmp") into a code, or None if it cannot be one."""
    compact = re.sub(r"[\s\-_.]", "", text or "").upper()
    if compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    if len(compact) != GROUPS * GROUP_SIZE or any(ch not in ALPHABET for ch in compact):
        return None
    parts = [compact[i : i + GROUP_SIZE] for i in range(0, len(compact), GROUP_SIZE)]
    return "-".join([PREFIX, *parts])


class CodeConverter:
    """`<code:…>`: a tracking code exactly as Aduan writes it (staff pages, links Aduan makes)."""

    regex = PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class TypedCodeConverter:
    """`<typedcode:…>`: what a person may type for a code ("adu 7kq 39x hmp"); the view sends
    them on to the code as written."""

    regex = r"[^/]{1,40}"

    def to_python(self, value: str) -> str:
        if normalise(value) is None:
            raise ValueError(value)  # the resolver reads this as "no match": 404
        return value

    def to_url(self, value: str) -> str:
        return value


# Registered once, when the first URL module imports this one.
register_converter(CodeConverter, "code")
register_converter(TypedCodeConverter, "typedcode")
