"""Tracking codes: unguessable, readable aloud, forgiving when typed."""

from __future__ import annotations

import math

from aduan.lib import codes


def test_a_code_is_grouped_and_uses_no_confusable_characters() -> None:
    for _ in range(500):
        code = codes.new_code()
        assert codes.CODE_RE.match(code), code
        assert not set(code.replace("ADU-", "").replace("-", "")) & set("01OIL")


def test_a_code_carries_at_least_40_bits_of_randomness() -> None:
    symbols = codes.GROUPS * codes.GROUP_SIZE
    assert symbols * math.log2(len(codes.ALPHABET)) >= 40


def test_codes_do_not_repeat_in_a_large_sample() -> None:
    sample = {codes.new_code() for _ in range(20000)}
    assert len(sample) == 20000


def test_what_a_person_types_is_normalised() -> None:
    assert codes.normalise(" adu 7kq 39x hmp ") == "ADU-7KQ-39X-HMP"
    assert codes.normalise("7KQ39XHMP") == "ADU-7KQ-39X-HMP"
    assert codes.normalise("ADU-7KQ-39X-HM0") is None  # 0 is never in a code
    assert codes.normalise("") is None
    assert codes.normalise("ADU-7KQ-39X") is None
